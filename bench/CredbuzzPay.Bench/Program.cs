using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

// Report latency benchmark (docs/benchmarks.md): signs in as a staff member through the real API
// (second factor read from the Development pickup file), then calls every report endpoint
// 3 times to warm up and N times measured, and prints p50 / p95 / max per endpoint as a Markdown table.
//
//   dotnet run -c Release --project bench/CredbuzzPay.Bench -- --base-url http://localhost:8000 \
//       --pickup data/outbox/messages.jsonl --email boss@example.com --mobile 9876543210 --password '...' [--branch-admin]
//
// --branch-admin: the given master creates a super_admin, who creates an admin in a demo branch
// (activation codes from the pickup file); the run measures as that admin.
//
// --storm N [--readers 4] [--read-rate R] [--seconds 30] [--wrong-passwords]: the sign-in storm instead (SignInStorm.cs): N demo users signing
// in without pause while the readers read their profile; prints read latency and sign-in throughput.
//
// --transfers [--clients 64] [--seconds 30] [--cold 10000]: transfers over HTTP among hot and cold accounts (TransferBench.cs).
// --purchases [--clients 32] [--seconds 30]: recharge purchases over HTTP by retailers, as a super_admin the master creates (PurchaseBench.cs).
// --statement-pdf [--lines 10000] [--runs 5]: the statement PDF writer in process (StatementPdfBench.cs); no service needed.
// --console: the admin console's pages, signed in through /admin/login (ConsoleBench.cs).
// --time-to-code [--runs 200] [--clients 1]: registrations, and the time until each one's SMS code reaches the pickup file (TimeToCodeBench.cs).
// --new-user-token: registers a new user on the web platform (codes from the pickup file) and prints their access token, for wrk (bench/wrk/).
// --bombs --server-pid P [--runs 5]: KYC documents that would cost huge work, as a new user (DocumentBombBench.cs); no staff sign-in needed.

var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "");
string Option(string name, string? fallback = null) => options.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");

var baseUrl = Option("base-url", "http://localhost:8000");
var runs = int.Parse(Option("runs", "20"), CultureInfo.InvariantCulture);
using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };

async Task<string> CodeSentToAsync(string mobile, int sentBefore)
{
    for (var wait = 0; wait < 100; wait++)
    {
        await Task.Delay(200);
        var lines = File.Exists(Option("pickup")) ? File.ReadAllLines(Option("pickup")) : [];
        var code = lines.Skip(sentBefore).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(m => m.GetProperty("to").GetString()!.EndsWith(mobile[^10..], StringComparison.Ordinal))
            .Select(m => Regex.Match(m.GetProperty("body").GetString()!, @"\b\d{6}\b").Value).LastOrDefault();
        if (code is { Length: 6 })
        {
            return code;
        }
    }
    throw new TimeoutException("No code arrived in the pickup file.");
}

async Task<string> SignInAsync(string email, string mobile, string password)
{
    var sentBefore = File.Exists(Option("pickup")) ? File.ReadAllLines(Option("pickup")).Length : 0;
    var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email_or_mobile = email, password, platform = "admin_panel" });
    login.EnsureSuccessStatusCode();
    var requestId = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("request_id").GetString();
    var code = await CodeSentToAsync(mobile, sentBefore);
    var verify = await http.PostAsJsonAsync("/api/v1/auth/verify_login_otp", new { request_id = requestId, otp = code });
    verify.EnsureSuccessStatusCode();
    return (await verify.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access").GetString()!;
}

if (options.ContainsKey("statement-pdf"))
{
    return await CredbuzzPay.Bench.StatementPdfBench.RunAsync(int.Parse(Option("lines", "10000"), CultureInfo.InvariantCulture), int.Parse(Option("runs", "5"), CultureInfo.InvariantCulture));
}
if (options.ContainsKey("bombs"))
{
    return await CredbuzzPay.Bench.DocumentBombBench.RunAsync(http, Option("pickup"), int.Parse(Option("server-pid"), CultureInfo.InvariantCulture),
        int.Parse(Option("runs", "5"), CultureInfo.InvariantCulture));
}
if (options.ContainsKey("new-user-token"))
{
    Console.WriteLine(await CredbuzzPay.Bench.DocumentBombBench.RegisterAsync(http, Option("pickup")));
    return 0;
}
if (options.ContainsKey("time-to-code"))
{
    return await CredbuzzPay.Bench.TimeToCodeBench.RunAsync(http, Option("pickup"), int.Parse(Option("runs", "200"), CultureInfo.InvariantCulture),
        int.Parse(Option("clients", "1"), CultureInfo.InvariantCulture));
}
if (options.ContainsKey("console"))
{
    // The console's pages, signed in through /admin/login (ConsoleBench.cs).
    var mobile = Option("mobile");
    return await CredbuzzPay.Bench.ConsoleBench.RunAsync(baseUrl, Option("email"), Option("password"), before => CodeSentToAsync(mobile, before),
        () => File.Exists(Option("pickup")) ? File.ReadAllLines(Option("pickup")).Length : 0, runs);
}
http.DefaultRequestHeaders.Authorization = new("Bearer", await SignInAsync(Option("email"), Option("mobile"), Option("password")));
if (options.TryGetValue("storm", out var storm))
{
    return await CredbuzzPay.Bench.SignInStorm.RunAsync(http, baseUrl, Option("pickup"), int.Parse(storm, CultureInfo.InvariantCulture),
        int.Parse(Option("readers", "4"), CultureInfo.InvariantCulture), int.Parse(Option("seconds", "30"), CultureInfo.InvariantCulture),
        int.Parse(Option("read-rate", "0"), CultureInfo.InvariantCulture), options.ContainsKey("wrong-passwords"));
}
if (options.ContainsKey("transfers"))
{
    return await CredbuzzPay.Bench.TransferBench.RunAsync(http, baseUrl, Option("pickup"), int.Parse(Option("clients", "64"), CultureInfo.InvariantCulture),
        int.Parse(Option("seconds", "30"), CultureInfo.InvariantCulture), int.Parse(Option("cold", "10000"), CultureInfo.InvariantCulture));
}
if (options.ContainsKey("purchases"))
{
    // A super_admin moves demo users into the retailer tier and funds their wallets (the master manages super_admins only).
    var home = (await http.GetFromJsonAsync<JsonElement>("/api/v1/admin/users/list_users?role=user&page=1&page_size=1"))
        .GetProperty("results")[0].GetProperty("branch_code").GetString()!;
    var chief = await CreateStaffAsync("super_admin", home);
    http.DefaultRequestHeaders.Authorization = new("Bearer", await SignInAsync(chief.Email, chief.Mobile, chief.Password));
    return await CredbuzzPay.Bench.PurchaseBench.RunAsync(http, baseUrl, Option("pickup"), int.Parse(Option("clients", "32"), CultureInfo.InvariantCulture),
        int.Parse(Option("seconds", "30"), CultureInfo.InvariantCulture));
}
if (options.ContainsKey("branch-admin"))
{
    // Measure as a branch admin (every report limited to one branch): the master creates a super_admin, who creates an admin in a
    // demo user's branch; each sets a password with the activation code from the pickup file and signs in on the admin panel.
    var branch = (await http.GetFromJsonAsync<JsonElement>("/api/v1/admin/users/list_users?role=user&page=1&page_size=1"))
        .GetProperty("results")[0].GetProperty("branch_code").GetString()!;
    var super = await CreateStaffAsync("super_admin", branch);
    http.DefaultRequestHeaders.Authorization = new("Bearer", await SignInAsync(super.Email, super.Mobile, super.Password));
    var admin = await CreateStaffAsync("admin", branch);
    http.DefaultRequestHeaders.Authorization = new("Bearer", await SignInAsync(admin.Email, admin.Mobile, admin.Password));
    Console.WriteLine($"Signed in as an admin of branch {branch}.");
}

async Task<(string Email, string Mobile, string Password)> CreateStaffAsync(string role, string branch)
{
    var mobile = "98" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
    var email = $"bench-{role.Replace('_', '-')}-{mobile}@example.com";
    var password = "Kite!Harbor#" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
    var sentBefore = File.Exists(Option("pickup")) ? File.ReadAllLines(Option("pickup")).Length : 0;
    var created = await http.PostAsJsonAsync("/api/v1/admin/users/create_user",
        new { email, mobile, first_name = "Bench", last_name = "Staff", role, branch_code = branch });
    created.EnsureSuccessStatusCode();
    var activation = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activation_request_id").GetString();
    var code = await CodeSentToAsync(mobile, sentBefore);
    var reset = await http.PostAsJsonAsync("/api/v1/auth/reset_password", new { request_id = activation, otp = code, new_password = password, confirm_password = password });
    if (!reset.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"reset_password answered {(int)reset.StatusCode}: {await reset.Content.ReadAsStringAsync()}");
    }
    return (email, mobile, password);
}

string[] endpoints =
[
    "/api/v1/admin/audit/get_audit_trail?days=30&page=1",
    "/api/v1/admin/audit/get_audit_trail?action=user.blocked&days=90&page=1",
    "/api/v1/admin/audit/get_audit_trail?user_code={user}&days=90",
    "/api/v1/admin/audit/get_user_audit/{user}?days=90",
    "/api/v1/admin/audit/get_statistics?days=7",
    "/api/v1/admin/audit/get_statistics",
    "/api/v1/admin/audit/get_statistics?days=90",
    "/api/v1/login-activity/get_user_login_history/{user}?days=90",
    "/api/v1/login-activity/get_failed_login_attempts?days=7&page=1",
    "/api/v1/login-activity/get_login_statistics?days=7",
    "/api/v1/login-activity/get_login_statistics",
    "/api/v1/login-activity/get_login_statistics?days=90",
    "/api/v1/admin/reports/kyc/get_kyc_report?days=7",
    "/api/v1/admin/reports/kyc/get_kyc_report",
    "/api/v1/admin/reports/kyc/get_kyc_report?days=90",
    "/api/v1/admin/reports/kyc/get_pending_kyc?days=30&page=1",
    "/api/v1/admin/reports/kyc/get_kyc_by_status/verified?page=1",
    "/api/v1/reports/registration-funnel?days=7",
    "/api/v1/reports/registration-funnel",
    "/api/v1/reports/registration-funnel?days=90",
    "/api/v1/admin/reports/security/get_security_summary?days=7",
    "/api/v1/admin/reports/security/get_security_alerts?days=7&page=1",
    "/api/v1/admin/reports/security/get_ip_threats?days=7",
    "/api/v1/admin/reports/security/get_suspicious_activities?days=7&page=1",
    "/api/v1/admin/users/list_users?page=1&page_size=20",
    "/api/v1/admin/users/list_users?search=user%20999&page=1",
    "/api/v1/admin/users/search?q=demo-&filter_by=email",
    "/api/v1/admin/users/get_statistics",
    "/api/v1/admin/kyc/queue?page=1",
    "/api/v1/admin/system/health",
    "/api/v1/admin/system/api_statistics?hours=24",
];
var sample = await http.GetFromJsonAsync<JsonElement>("/api/v1/admin/users/list_users?page=1&page_size=1");
var someUser = sample.GetProperty("results")[0].GetProperty("user_code").GetString()!;

Console.WriteLine($"| endpoint | p50 ms | p95 ms | max ms |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
foreach (var template in endpoints)
{
    var path = template.Replace("{user}", someUser, StringComparison.Ordinal);
    var times = new List<double>();
    for (var i = 0; i < runs + 3; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode == System.Net.HttpStatusCode.Forbidden && options.ContainsKey("branch-admin"))
        {
            break; // not an admin's report
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
        }
        if (i >= 3)
        {
            times.Add(elapsed);
        }
    }
    if (times.Count == 0)
    {
        Console.WriteLine($"| `{template.Replace("|", "\\|", StringComparison.Ordinal)}` | — | — | not for admins |");
        continue;
    }
    times.Sort();
    double P(double p) => times[Math.Clamp((int)Math.Ceiling(p * times.Count) - 1, 0, times.Count - 1)];
    Console.WriteLine($"| `{template.Replace("|", "\\|", StringComparison.Ordinal)}` | {P(0.5):0.0} | {P(0.95):0.0} | {times[^1]:0.0} |");
}
return 0;
