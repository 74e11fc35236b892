-- wrk script: GET the path given to wrk with the bearer token from $TOKEN; counts non-2xx answers.
-- wrk -t2 -c32 -d30s --latency -s bench/wrk/bearer-get.lua http://127.0.0.1:8011/api/v1/user/profile/my_profile
local token = os.getenv("TOKEN")
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

local failures = 0
function response(status, headers, body)
  if status < 200 or status > 299 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p99 %.2f ms, %d requests, %d non-2xx in the last thread, %d socket errors\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, failures,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
