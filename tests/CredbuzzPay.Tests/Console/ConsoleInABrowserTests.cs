using System.Net;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Playwright;

namespace CredbuzzPay.Tests.Console;

/// <summary>
/// The console in Debian's Chromium at a public-looking host name: sign-in with the second factor typed in,
/// every page of the navigation rendered with no script error, no refusal by the content-security policy,
/// nothing asked of another origin; screenshots of the main pages (into <c>CREDBUZZ_CONSOLE_SCREENSHOTS</c>
/// when set, which is how docs/console/ is made).
/// </summary>
public sealed class ConsoleInABrowserTests
{
    private const string HostName = "console.credbuzz.test";

    private static ApiHost Host => ApiHost.For(TestEngines.Sqlite);

    /// <summary>What went wrong on a page: script errors, console errors, policy refusals, requests to other origins.</summary>
    private sealed record Trouble(List<string> Errors, List<string> Foreign);

    private static string ScreenshotDirectory() =>
        Environment.GetEnvironmentVariable("CREDBUZZ_CONSOLE_SCREENSHOTS") is { Length: > 0 } configured ? configured : Scratch.NewDirectory("screens");

    private static async Task<(LaunchedBrowser Browser, IPage Page, Trouble Trouble, string Origin)> OpenAsync()
    {
        using var client = Host.CreateClient();
        var origin = $"http://{HostName}:{client.BaseAddress!.Port}";
        var browser = await TestBrowser.LaunchAsync(HostName);
        var page = await browser.NewPageAsync();
        var trouble = new Trouble([], []);
        page.PageError += (_, message) => { lock (trouble.Errors) { trouble.Errors.Add("script: " + message); } };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (trouble.Errors) { trouble.Errors.Add($"console: {message.Text} ({message.Location})"); }
            }
        };
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin + "/", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                lock (trouble.Foreign) { trouble.Foreign.Add(request.Url); }
            }
        };
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('refused ' + e.blockedURI + ' ' + e.violatedDirective))");
        return (browser, page, trouble, origin);
    }

    private static async Task<IResponse> SubmitAsync(IPage page, string button)
    {
        return await AfterNavigatingAsync(page, () => page.ClickAsync(button));
    }

    /// <summary>The page a navigation ends on (after any redirects), once it has loaded.</summary>
    private static async Task<IResponse> AfterNavigatingAsync(IPage page, Func<Task> action)
    {
        var response = await page.RunAndWaitForResponseAsync(action,
            r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400,
            new PageRunAndWaitForResponseOptions { Timeout = 30_000 });
        await page.WaitForURLAsync(response.Url, new PageWaitForURLOptions { Timeout = 30_000 });
        return response;
    }

    private static async Task<IResponse> GoAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return response ?? throw new InvalidOperationException($"{url} loaded no page.");
    }

    private static Task ShootAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory(), name + ".png"), FullPage = true });

    private static async Task SignInAsync(IPage page, string origin, RegistrationFlow person, string path)
    {
        var login = await GoAsync(page, origin + path);
        Assert.Equal((int)HttpStatusCode.OK, login.Status);
        Assert.Contains("/admin/login?next=", page.Url, StringComparison.Ordinal);
        var smsBefore = await person.CountAsync("mobile");
        await page.FillAsync("input[name=EmailOrMobile]", person.Email);
        await page.FillAsync("input[name=Password]", RegistrationFlow.Password);
        var first = await SubmitAsync(page, "form button[type=submit]");
        Assert.Equal((int)HttpStatusCode.OK, first.Status);
        await page.FillAsync("input[name=Otp]", await person.CodeAsync("mobile", smsBefore + 1));
        var signedIn = await SubmitAsync(page, "form button[type=submit]");
        Assert.Equal((int)HttpStatusCode.OK, signedIn.Status);
        Assert.Equal(origin + path, page.Url);
    }

    [BrowserFact]
    public async Task SigningInWithTheSecondFactor_ThenEveryPageRenders_WithoutAnErrorARefusalOrAnotherOrigin()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        await KycFlow.StartAsync(new RegistrationFlow(Host, "Meera", "Iyer"), "user", "HQ");
        var (browser, page, trouble, origin) = await OpenAsync();
        await using var _ = browser;

        await SignInAsync(page, origin, super.Registration, "/admin/users");

        var links = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'))");
        Assert.Contains("/admin/users", links);
        foreach (var link in links.Distinct())
        {
            var response = await GoAsync(page, origin + link);
            Assert.True(response.Status == (int)HttpStatusCode.OK, $"{link} answered {response.Status}");
            Assert.Equal("no-store", response.Headers["cache-control"]);
            Assert.Equal(ConsoleTests.ExpectedPolicy, response.Headers["content-security-policy"]);
            var name = link.Trim('/').Replace('/', '-');
            await ShootAsync(page, name == "admin" ? "dashboard" : name);
        }
        await GoAsync(page, origin + $"/admin/users/{super.UserCode}");
        await ShootAsync(page, "admin-user");
        Assert.Equal((int)HttpStatusCode.OK, (await GoAsync(page, origin + $"/admin/users/{super.UserCode}/features")).Status);
        await ShootAsync(page, "admin-user-features");
        Assert.True(await page.EvaluateAsync<bool>("document.querySelector('svg.chart') === null"));
        await GoAsync(page, origin + "/admin/");
        Assert.True(await page.EvaluateAsync<int>("document.querySelectorAll('svg.chart rect').length") > 0);
        // Registrations, KYC funnel, sign-ins, security alerts, fraud alerts, money moved.
        Assert.Equal(6, await page.EvaluateAsync<int>("document.querySelectorAll('svg.chart').length"));

        Assert.Empty(Snapshot(trouble.Errors));
        Assert.Empty(Snapshot(trouble.Foreign));
    }

    private static List<string> Snapshot(List<string> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    [BrowserFact]
    public async Task AReviewer_ApprovesAKycSection_WithItsDocumentsShownBesideItsFields()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var branch = await Access.AccessControlTests.CreateBranchAsync(super);
        var reviewer = await KycFlow.StartAsync(Host, "admin", branch);
        var user = await KycFlow.StartAsync(Host, "user", branch);
        var smsBefore = user.MessagesTo(user.Registration.Mobile);
        await KycFlow.OkJsonAsync(await user.SubmitAadhaarAsync(), HttpStatusCode.Created);
        var code = await user.CodeSentToAsync(user.Registration.Mobile, smsBefore + 1);
        await KycFlow.OkJsonAsync(await user.Client.PostJsonAsync("/api/v1/kyc/aadhaar/verify_otp", new { otp = code }));
        await KycFlow.OkJsonAsync(await user.SubmitPanAsync(), HttpStatusCode.Created);
        var (browser, page, trouble, origin) = await OpenAsync();
        await using var _ = browser;

        await SignInAsync(page, origin, reviewer.Registration, $"/admin/kyc?branch={branch}");
        Assert.True(await page.EvaluateAsync<bool>($"document.querySelector('main table').innerText.includes('{user.UserCode}')"));
        await ShootAsync(page, "admin-kyc");
        await AfterNavigatingAsync(page, () => page.Keyboard.PressAsync("o")); // the oldest case: this user's (the only one in the branch)
        Assert.Equal($"{origin}/admin/kyc/{user.UserCode}", page.Url);

        // The Aadhaar's front and back and the PAN card are drawn in the page, beside the masked numbers.
        var drawn = await page.EvaluateAsync<int>("[...document.querySelectorAll('.documents img')].filter(i => i.complete && i.naturalWidth > 0).length");
        Assert.Equal(3, drawn);
        var text = await page.EvaluateAsync<string>("document.querySelector('main').innerText");
        Assert.Contains("XXXX-XXXX-" + user.Aadhaar[^4..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Aadhaar, text, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Pan, text, StringComparison.Ordinal);
        await ShootAsync(page, "admin-kyc-case");

        await page.FillAsync("#section-aadhaar ~ form textarea[name=Reason]", "Photo and name match");
        var decided = await SubmitAsync(page, "#section-aadhaar ~ form button[value=approve]");

        Assert.Equal((int)HttpStatusCode.OK, decided.Status);
        Assert.Contains("aadhaar", (await page.EvaluateAsync<string>("document.querySelector('.done').innerText")).ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Equal("verified", Host.Database.Scalar(
            $"SELECT s.status FROM kyc_submissions s WHERE s.user_code = '{user.UserCode}' AND s.section = 'aadhaar' AND s.deleted_at IS NULL"));
        Assert.Equal(1L, Host.Database.Scalar($"SELECT COUNT(*) FROM audit_trail WHERE action = 'kyc.approved' AND target_id = '{user.UserCode}' AND actor = '{reviewer.UserCode}'"));
        Assert.Empty(Snapshot(trouble.Errors));
    }

    [BrowserFact]
    public async Task AnAuditorsPages_HoldNoActionControls()
    {
        var auditor = await KycFlow.StartAsync(Host, "auditor", "HQ");
        var someone = await KycFlow.StartAsync(Host, "user", "HQ");
        var (browser, page, trouble, origin) = await OpenAsync();
        await using var _ = browser;

        await SignInAsync(page, origin, auditor.Registration, "/admin/");
        var links = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'))");
        foreach (var link in links.Append($"/admin/users/{someone.UserCode}").Distinct())
        {
            await GoAsync(page, origin + link);
            // The only form that posts is the sign-out in the header.
            var posting = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('form[method=post]')].map(f => f.getAttribute('action'))");
            Assert.True(posting.SequenceEqual(["/admin/logout"]), $"{link} offers {string.Join(", ", posting)}");
        }
        await ShootAsync(page, "auditor-user");
        Assert.Empty(Snapshot(trouble.Errors));

        // A block form forged in the auditor's own page, carrying the page's genuine antiforgery token: the rule refuses it.
        var forged = await AfterNavigatingAsync(page, () => page.EvaluateAsync($$"""
            () => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/admin/users/{{someone.UserCode}}?handler=block';
                for (const [name, value] of [['Reason', 'auditors may not'], ['__RequestVerificationToken', document.querySelector('input[name=__RequestVerificationToken]').value]]) {
                    const input = document.createElement('input');
                    input.type = 'hidden'; input.name = name; input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }
            """));
        Assert.Equal((int)HttpStatusCode.Forbidden, forged.Status);
        Assert.Equal("active", Host.Database.Scalar($"SELECT status FROM users WHERE user_code = '{someone.UserCode}'"));
        Assert.Equal(0L, Host.Database.Scalar($"SELECT COUNT(*) FROM audit_trail WHERE action = 'user.blocked' AND target_id = '{someone.UserCode}'"));
    }

    [BrowserFact]
    public async Task BlockingAUser_FromTheirPage_StopsTheirApiTokenAtOnce_AndAFormWithoutItsTokenIsRefused()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var branch = await Access.AccessControlTests.CreateBranchAsync(super);
        var admin = await KycFlow.StartAsync(Host, "admin", branch);
        var target = await KycFlow.StartAsync(Host, "user", branch);
        Assert.Equal(HttpStatusCode.OK, (await target.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        var (browser, page, trouble, origin) = await OpenAsync();
        await using var _ = browser;
        await SignInAsync(page, origin, admin.Registration, $"/admin/users/{target.UserCode}");
        const string Block = "form[action$='handler=block']";

        // The form with its antiforgery field taken out: refused, and nothing changes.
        await page.FillAsync($"{Block} textarea[name=Reason]", "Without the token");
        await page.EvaluateAsync($"() => document.querySelector(\"{Block} input[name=__RequestVerificationToken]\").remove()");
        var refused = await SubmitAsync(page, $"{Block} button[type=submit]");
        Assert.Equal((int)HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("active", Host.Database.Scalar($"SELECT status FROM users WHERE user_code = '{target.UserCode}'"));
        Assert.Equal(HttpStatusCode.OK, (await target.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);

        await GoAsync(page, origin + $"/admin/users/{target.UserCode}");
        await page.FillAsync($"{Block} textarea[name=Reason]", "Chargebacks under review");
        await page.FillAsync($"{Block} input[name=DurationDays]", "7");
        var blocked = await SubmitAsync(page, $"{Block} button[type=submit]");

        Assert.Equal((int)HttpStatusCode.OK, blocked.Status);
        Assert.Contains($"{target.UserCode} is blocked until", await page.EvaluateAsync<string>("document.querySelector('.done').innerText"), StringComparison.Ordinal);
        // The user's bearer token, issued before the block, is refused on its very next request.
        Assert.Equal(HttpStatusCode.Unauthorized, (await target.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        Assert.Equal(["blocked", "Chargebacks under review", admin.UserCode],
            Host.Database.Query($"SELECT status, block_reason, blocked_by FROM users WHERE user_code = '{target.UserCode}'").Single());
        // The browser reports the refused page itself (and, for that page without the console's layout, its asking for
        // /favicon.ico, which is outside the console and refused to an anonymous caller), and nothing else.
        var seen = Snapshot(trouble.Errors);
        Assert.Single(seen, e => e.Contains("status of 400", StringComparison.Ordinal));
        Assert.True(seen.All(e => e.Contains("status of 400", StringComparison.Ordinal) || e.Contains("/favicon.ico", StringComparison.Ordinal)), string.Join("\n", seen));
    }
}
