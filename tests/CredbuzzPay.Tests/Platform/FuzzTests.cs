using System.Net;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Platform;

/// <summary>
/// Walks every operation of the OpenAPI document with wrong input: bad path and query values, missing, null and wrongly typed fields, 100 KB
/// strings, control and direction characters, negative and huge numbers, malformed JSON and wrong content types; anonymously, as a user and
/// as staff. No answer may be a 5xx, and every error answered by the service is problem+json.
/// </summary>
public sealed class FuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] PathValues =
        ["ZZZZZZ", "0", "-1", "99999999999999999999999", "%00", "%E2%80%AE", "..%2F..%2Fetc%2Fpasswd", "%E0%A4%86%E0%A4%A7%E0%A4%BE%E0%A4%B0", new string('a', 3000), "00000000-0000-0000-0000-000000000000"];

    private static readonly string[] QueryValues =
        ["", "-1", "0", "99999999999999999999999", "1e308", "abc", "%00", "%E2%80%AE", "true", "2026-13-45", new string('q', 3000)];

    private static readonly string[] FieldValues =
        ["null", "123", "-1", "-99999999999999999999999", "1e308", "0.000000001", "true", "[]", "{}", "\"\"", "\"-1.00\"", "\"99999999999999999999999.99\"",
         "\"ab\\u0000cd\"", "\"\\u202Eevil\"", "\"आधार कार्ड\"", "\"2026-02-30\"", "\"" + new string('x', 100_000) + "\""];

    private static readonly string[] Bodies = ["", "{", "null", "[]", "{}", "\"text\"", "{\"a\":", "[{}]", "{\"" + new string('k', 10_000) + "\":1}"];

    [Fact]
    public async Task EveryOperation_AnswersBadInputWithA4xxProblem_NeverA5xx()
    {
        // A host of its own: the staff identity's requests may change what they reach.
        await using var host = new ApiHost(TestEngines.Sqlite);
        using var anonymous = host.CreateClient();
        var identities = new Dictionary<string, Func<Task<HttpClient>>>
        {
            ["anonymous"] = () => Task.FromResult(anonymous),
            ["user"] = async () => (await KycFlow.StartAsync(host)).Client,
            ["staff"] = async () => (await KycFlow.StartAsync(host, "super_admin", "FUZ1")).Client,
        };
        var clients = new Dictionary<string, HttpClient>();
        foreach (var (name, make) in identities)
        {
            clients[name] = await make();
        }
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/api/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        var sent = 0;
        var operations = 0;
        var statuses = new SortedDictionary<int, int>();
        var failures = new List<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                operations++;
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                foreach (var (identity, client) in clients.ToList())
                {
                    foreach (var request in Requests(method, path.Name, operation.Value, schemas, identity == "anonymous"))
                    {
                        sent++;
                        using (request)
                        {
                            var failure = await SendAsync(client, request, statuses);
                            if (failure is not null)
                            {
                                failures.Add($"{identity} {method} {Shorten(request.RequestUri!.ToString())} {await DescribeAsync(request)}: {failure}");
                            }
                        }
                    }
                    // An operation may end the identity's session (logout, password change): sign in again for the next one.
                    if (identity != "anonymous" && (await client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode == HttpStatusCode.Unauthorized)
                    {
                        clients[identity] = await identities[identity]();
                    }
                }
            }
        }

        output.WriteLine($"{operations} operations, {sent} requests, {failures.Count} failures; answers: {string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}"))}");
        Assert.True(operations > 150, $"only {operations} operations in the document");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n" + string.Join("\n", failures.Take(80)));
    }

    private static IEnumerable<HttpRequestMessage> Requests(HttpMethod method, string template, JsonElement operation, JsonElement schemas, bool anonymous)
    {
        var parameters = operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
        var pathNames = parameters.Where(x => x.GetProperty("in").GetString() == "path").Select(x => x.GetProperty("name").GetString()!).ToList();
        var queryNames = parameters.Where(x => x.GetProperty("in").GetString() == "query").Select(x => x.GetProperty("name").GetString()!).ToList();
        var plain = Fill(template, _ => "ZZZZZZ");

        // Bad path values, one parameter at a time.
        foreach (var name in pathNames)
        {
            foreach (var value in anonymous ? PathValues.Take(2) : PathValues)
            {
                yield return WithBody(method, Fill(template, n => n == name ? value : "ZZZZZZ"), "{}", "application/json");
            }
        }
        // Bad query values, one parameter at a time.
        foreach (var name in queryNames)
        {
            foreach (var value in anonymous ? QueryValues.Take(2) : QueryValues)
            {
                yield return new HttpRequestMessage(method, $"{plain}?{Uri.EscapeDataString(name)}={value}");
            }
        }
        yield return new HttpRequestMessage(method, plain + "?page=-5&page_size=100000&days=-1&limit=abc");
        if (method == HttpMethod.Get || method == HttpMethod.Delete)
        {
            yield break;
        }
        // Whole bodies that are wrong, and the wrong content types.
        foreach (var body in anonymous ? Bodies.Take(3) : Bodies)
        {
            yield return WithBody(method, plain, body, "application/json");
        }
        yield return WithBody(method, plain, "{}", "text/plain");
        yield return WithBody(method, plain, "a=1&b=2", "application/x-www-form-urlencoded");
        yield return WithBody(method, plain, "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n", "multipart/form-data; boundary=x");
        if (anonymous)
        {
            yield break;
        }
        // Each field of the JSON body with each wrong value: once with the others missing, once with the others plausible (so the wrong value
        // gets past the required-field checks to the handler); then every field at once.
        var properties = Properties(operation, schemas);
        foreach (var (property, _) in properties)
        {
            foreach (var value in FieldValues)
            {
                yield return WithBody(method, plain, $"{{\"{property}\":{value}}}", "application/json");
                yield return WithBody(method, plain,
                    "{" + string.Join(",", properties.Select(p => $"\"{p.Name}\":{(p.Name == property ? value : p.Plausible)}")) + "}", "application/json");
            }
        }
        if (properties.Count > 0)
        {
            yield return WithBody(method, plain, "{" + string.Join(",", properties.Select(p => $"\"{p.Name}\":{p.Plausible}")) + "}", "application/json");
            foreach (var value in FieldValues)
            {
                yield return WithBody(method, plain, "{" + string.Join(",", properties.Select(p => $"\"{p.Name}\":{value}")) + "}", "application/json");
            }
        }
    }

    /// <summary>The JSON body's fields, each with a plausible value of its declared type and format.</summary>
    private static List<(string Name, string Plausible)> Properties(JsonElement operation, JsonElement schemas)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.GetProperty("content").TryGetProperty("application/json", out var json))
        {
            return [];
        }
        var schema = Resolve(schemas, json.GetProperty("schema"));
        return schema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => (p.Name, Plausible(p.Name, Resolve(schemas, p.Value)))).ToList()
            : [];
    }

    private static JsonElement Resolve(JsonElement schemas, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : schema;

    private static string Plausible(string name, JsonElement schema)
    {
        if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
        {
            return values[0].GetRawText();
        }
        var types = !schema.TryGetProperty("type", out var type) ? [] : type.ValueKind == JsonValueKind.String ? [type.GetString()!] : type.EnumerateArray().Select(t => t.GetString()!).ToArray();
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return types.FirstOrDefault(t => t != "null") switch
        {
            "integer" => "1",
            "number" => "1",
            "boolean" => "true",
            "array" => "[]",
            "object" => "{}",
            "string" when format == "uuid" => $"\"{Guid.NewGuid()}\"",
            "string" when format == "date" => "\"2026-12-01\"",
            "string" when format == "date-time" => "\"2026-12-01T10:00:00Z\"",
            "string" when format == "email" || name.Contains("email", StringComparison.Ordinal) => "\"fuzz@example.com\"",
            "string" when name.Contains("amount", StringComparison.Ordinal) => "\"10.00\"",
            "string" when name.Contains("mobile", StringComparison.Ordinal) => "\"9876543210\"",
            "string" => "\"ZZZZZZ\"",
            _ => "\"ZZZZZZ\"",
        };
    }

    private static string Fill(string template, Func<string, string> value) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)(:[^}]*)?\}", m => value(m.Groups[1].Value));

    private static HttpRequestMessage WithBody(HttpMethod method, string url, string body, string contentType)
    {
        var request = new HttpRequestMessage(method, url);
        if (method != HttpMethod.Get && method != HttpMethod.Delete)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return request;
    }

    /// <summary>Null when the answer is acceptable; else what was wrong with it.</summary>
    private static async Task<string?> SendAsync(HttpClient client, HttpRequestMessage request, SortedDictionary<int, int> statuses)
    {
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        statuses[status] = statuses.GetValueOrDefault(status) + 1;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return $"{status} {text[..Math.Min(text.Length, 300)]}";
        }
        var media = response.Content.Headers.ContentType?.MediaType;
        // Kestrel's own refusals (a NUL in the path, an over-long request line or headers) come before the service: no body, and the
        // connection closed (MalformedRequestTests covers them).
        var kestrel = status is 400 or 414 or 431 && text.Length == 0 && response.Headers.ConnectionClose == true;
        if (status >= 400 && !kestrel && media != "application/problem+json")
        {
            return $"{status} with {media ?? "no content type"}: {text[..Math.Min(text.Length, 200)]}";
        }
        return null;
    }

    private static async Task<string> DescribeAsync(HttpRequestMessage request)
    {
        if (request.Content is null)
        {
            return "";
        }
        var body = await request.Content.ReadAsStringAsync();
        return $"[{request.Content.Headers.ContentType}] {Shorten(body)}";
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..100] + $"...({text.Length} chars)" : text;
}
