using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace CredbuzzPay.Bench;

/// <summary>
/// The admin console's pages (docs/benchmarks.md, "Admin console"): signs in through /admin/login as a browser
/// without script would (the form's antiforgery token, the cookie, the second factor from the pickup file), then
/// opens each page 3 times to warm up and N times measured; prints p50 / p95 / max per page as a Markdown table.
/// The service must run where the console accepts plain HTTP (Development, or AdminConsole:SecureCookies=false).
/// </summary>
internal static partial class ConsoleBench
{
    public static async Task<int> RunAsync(string baseUrl, string email, string password, Func<int, Task<string>> codeAfter, Func<int> sent, int runs)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        var login = await http.GetStringAsync("/admin/login");
        var before = sent();
        var first = await http.PostAsync("/admin/login?handler=password", Form(login, ("EmailOrMobile", email), ("Password", password)));
        var step = await first.Content.ReadAsStringAsync();
        var requestId = RequestId().Match(step).Groups[1].Value;
        var second = await http.PostAsync("/admin/login?handler=code", Form(step, ("RequestId", requestId), ("Otp", await codeAfter(before))));
        if (second.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The console sign-in answered {(int)second.StatusCode}.");
        }
        var users = await http.GetStringAsync("/admin/users?page_size=20");
        var someone = UserLink().Match(users).Groups[1].Value;
        var row = AuditLink().Match(await http.GetStringAsync("/admin/audit?days=30")).Groups[1].Value;
        string[] pages =
        [
            "/admin/",
            "/admin/users?page=1&page_size=20",
            "/admin/users?search=user%20999",
            "/admin/users?role=user&status=active&kyc_status=verified&sort=name&page=50",
            "/admin/users?sort=-last_login&page=2000",
            $"/admin/users/{someone}",
            "/admin/kyc?page=1",
            "/admin/kyc?section=pan&age_days=30",
            "/admin/audit?days=30",
            "/admin/audit?action=user.blocked&days=90",
            $"/admin/audit?user_code={someone}&days=90",
            $"/admin/audit/{row}",
            "/admin/login-activity?days=7",
            "/admin/login-activity?result=failed&days=90&page=100",
            "/admin/security?days=7",
            "/admin/branches",
            "/admin/features",
            "/admin/approvals",
            "/admin/system",
            "/admin/accounts",
            "/admin/transactions",
            "/admin/transactions?status=PENDING_REVIEW",
            "/admin/wallets",
            "/admin/margins",
            "/admin/plans",
            "/admin/fraud",
            "/admin/purchases/pending",
            "/admin/bills/complaints",
            "/admin/loans",
            "/admin/privacy/requests",
            "/admin/privacy/grievances",
            $"/admin/users/{someone}/features",
        ];
        Console.WriteLine("| page | p50 ms | p95 ms | max ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var page in pages)
        {
            var times = new List<double>();
            for (var i = 0; i < runs + 3; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(page);
                await response.Content.ReadAsByteArrayAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{page} answered {(int)response.StatusCode}");
                }
                if (i >= 3)
                {
                    times.Add(elapsed);
                }
            }
            times.Sort();
            double P(double p) => times[Math.Clamp((int)Math.Ceiling(p * times.Count) - 1, 0, times.Count - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{page.Replace(someone, "{user}", StringComparison.Ordinal).Replace("/" + row, "/{row}", StringComparison.Ordinal)}` | {P(0.5):0.0} | {P(0.95):0.0} | {times[^1]:0.0} |"));
        }
        return 0;
    }

    private static FormUrlEncodedContent Form(string page, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value))));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"RequestId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex RequestId();

    [GeneratedRegex("href=\"/admin/users/([A-Z0-9]{6})\"")]
    private static partial Regex UserLink();

    [GeneratedRegex("href=\"/admin/audit/([0-9]+)\"")]
    private static partial Regex AuditLink();
}
