using System.Net;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using PuppeteerSharp;

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

    private static async Task<(IBrowser Browser, IPage Page, Trouble Trouble, string Origin)> OpenAsync()
    {
        using var client = Host.CreateClient();
        var origin = $"http://{HostName}:{client.BaseAddress!.Port}";
        var browser = await TestBrowser.LaunchAsync(HostName);
        var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 860 });
        var trouble = new Trouble([], []);
        page.PageError += (_, e) => { lock (trouble.Errors) { trouble.Errors.Add("script: " + e.Message); } };
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                lock (trouble.Errors) { trouble.Errors.Add("console: " + e.Message.Text); }
            }
        };
        page.Request += (_, e) =>
        {
            if (!e.Request.Url.StartsWith(origin + "/", StringComparison.Ordinal) && !e.Request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                lock (trouble.Foreign) { trouble.Foreign.Add(e.Request.Url); }
            }
        };
        await page.EvaluateExpressionOnNewDocumentAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('refused ' + e.blockedURI + ' ' + e.violatedDirective))");
        return (browser, page, trouble, origin);
    }

    private static async Task<IResponse> SubmitAsync(IPage page, string button)
    {
        var navigation = page.WaitForNavigationAsync(new NavigationOptions { Timeout = 30_000 });
        await page.ClickAsync(button);
        return await navigation;
    }

    private static async Task SignInAsync(IPage page, string origin, RegistrationFlow person, string path)
    {
        var login = await page.GoToAsync(origin + path);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Contains("/admin/login?next=", page.Url, StringComparison.Ordinal);
        var smsBefore = await person.CountAsync("mobile");
        await page.TypeAsync("input[name=EmailOrMobile]", person.Email);
        await page.TypeAsync("input[name=Password]", RegistrationFlow.Password);
        var first = await SubmitAsync(page, "form button[type=submit]");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        await page.TypeAsync("input[name=Otp]", await person.CodeAsync("mobile", smsBefore + 1));
        var signedIn = await SubmitAsync(page, "form button[type=submit]");
        Assert.Equal(HttpStatusCode.OK, signedIn.Status);
        Assert.Equal(origin + path, page.Url);
    }

    [BrowserFact]
    public async Task SigningInWithTheSecondFactor_ThenEveryPageRenders_WithoutAnErrorARefusalOrAnotherOrigin()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        await KycFlow.StartAsync(new RegistrationFlow(Host, "Meera", "Iyer"), "user", "HQ");
        var (browser, page, trouble, origin) = await OpenAsync();
        await using var _ = browser;
        var screenshots = ScreenshotDirectory();

        await SignInAsync(page, origin, super.Registration, "/admin/users");

        var links = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'))");
        Assert.Contains("/admin/users", links);
        foreach (var link in links.Distinct())
        {
            var response = await page.GoToAsync(origin + link, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load] });
            Assert.True(response.Status == HttpStatusCode.OK, $"{link} answered {(int)response.Status}");
            Assert.Equal("no-store", response.Headers["cache-control"]);
            var name = link.Trim('/').Replace('/', '-');
            await page.ScreenshotAsync(Path.Combine(screenshots, (name == "admin" ? "dashboard" : name) + ".png"), new ScreenshotOptions { FullPage = true });
        }
        await page.GoToAsync(origin + $"/admin/users/{super.UserCode}");
        await page.ScreenshotAsync(Path.Combine(screenshots, "admin-user.png"), new ScreenshotOptions { FullPage = true });
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('svg.chart') === null"));
        await page.GoToAsync(origin + "/admin/");
        Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('svg.chart rect').length") > 0);
        // Registrations, KYC funnel, sign-ins, security alerts, fraud alerts, money moved.
        Assert.Equal(6, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('svg.chart').length"));

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
        Assert.True(await page.EvaluateExpressionAsync<bool>($"document.querySelector('main table').innerText.includes('{user.UserCode}')"));
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory(), "admin-kyc.png"), new ScreenshotOptions { FullPage = true });
        var opened = page.WaitForNavigationAsync();
        await page.Keyboard.PressAsync("o"); // the oldest case: this user's (the only one in the branch)
        await opened;
        Assert.Equal($"{origin}/admin/kyc/{user.UserCode}", page.Url);

        // The Aadhaar's front and back and the PAN card are drawn in the page, beside the masked numbers.
        var drawn = await page.EvaluateExpressionAsync<int>("[...document.querySelectorAll('.documents img')].filter(i => i.complete && i.naturalWidth > 0).length");
        Assert.Equal(3, drawn);
        var text = await page.EvaluateExpressionAsync<string>("document.querySelector('main').innerText");
        Assert.Contains("XXXX-XXXX-" + user.Aadhaar[^4..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Aadhaar, text, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Pan, text, StringComparison.Ordinal);
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory(), "admin-kyc-case.png"), new ScreenshotOptions { FullPage = true });

        await page.TypeAsync("#section-aadhaar ~ form textarea[name=Reason]", "Photo and name match");
        var decided = await SubmitAsync(page, "#section-aadhaar ~ form button[value=approve]");

        Assert.Equal(HttpStatusCode.OK, decided.Status);
        Assert.Contains("aadhaar", (await page.EvaluateExpressionAsync<string>("document.querySelector('.done').innerText")).ToLowerInvariant(), StringComparison.Ordinal);
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
        var links = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'))");
        foreach (var link in links.Append($"/admin/users/{someone.UserCode}").Distinct())
        {
            await page.GoToAsync(origin + link);
            // The only form that posts is the sign-out in the header.
            var posting = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('form[method=post]')].map(f => f.getAttribute('action'))");
            Assert.True(posting.SequenceEqual(["/admin/logout"]), $"{link} offers {string.Join(", ", posting)}");
        }
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory(), "auditor-user.png"), new ScreenshotOptions { FullPage = true });

        Assert.Empty(Snapshot(trouble.Errors));
    }
}
