using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CredbuzzPay.Tests.Access;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Console;

/// <summary>
/// The admin console over HTTP (SQLite; its handlers are the API's, tested on every engine): sign-in with the
/// second factor, the cookie session bound to the session store, antiforgery, the content-security policy, and
/// the rule that an action the API refuses is refused by the console.
/// </summary>
public sealed partial class ConsoleTests
{
    // Written out here, not read from the service: the policy the issue asks for.
    internal const string ExpectedPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static ApiHost Host => ApiHost.For(TestEngines.Sqlite);

    private static async Task<(KycFlow Staff, ConsoleClient Console)> SignedInAsync(string role, string branch)
    {
        var staff = await KycFlow.StartAsync(Host, role, branch);
        var console = new ConsoleClient(Host);
        var signedIn = await console.SignInAsync(staff.Registration);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return (staff, console);
    }

    private static string SqliteId(object? bytes) => $"X'{Convert.ToHexString((byte[])bytes!)}'";

    [Fact]
    public async Task SignIn_TakesThePasswordThenTheCodeSentToTheMobile_AndOpensAnAdminPanelSession()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var branch = await AccessControlTests.CreateBranchAsync(super);
        var (admin, console) = await SignedInAsync("admin", branch);
        using var _ = console;

        var cookie = Assert.Single(console.LastSetCookies, c => c.StartsWith("cbz_console=", StringComparison.Ordinal));
        Assert.Contains("path=/admin", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var (home, html) = await console.GetAsync("/admin/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("<h1>Dashboard</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Registrations per day", html, StringComparison.Ordinal);
        Assert.Contains("KYC funnel", html, StringComparison.Ordinal);
        Assert.Contains("Security alerts not resolved", html, StringComparison.Ordinal);
        // Entries carry no branch: a branch admin is not shown the money moved by every branch.
        Assert.DoesNotContain("Money moved per day", html, StringComparison.Ordinal);
        Assert.Contains($"{admin.UserCode} · admin", html, StringComparison.Ordinal);
        var userId = Host.Database.Scalar($"SELECT id FROM users WHERE user_code = '{admin.UserCode}'");
        var sessions = Host.Database.Query($"SELECT platform, revoked_at FROM user_sessions WHERE user_id = {SqliteId(userId)} ORDER BY created_at DESC");
        Assert.Equal("admin_panel", sessions[0][0]);
        Assert.Null(sessions[0][1]);
        Assert.Equal(2L, Host.Database.Scalar($"SELECT COUNT(*) FROM login_activity WHERE user_id = {SqliteId(userId)} AND outcome = 'success'"));
    }

    [Fact]
    public async Task ACustomer_IsRefusedAsAWrongPasswordIs_AndNoCodeIsSent()
    {
        var customer = new RegistrationFlow(Host);
        await customer.CompleteAsync();
        using var console = new ConsoleClient(Host);
        var smsBefore = await customer.CountAsync("mobile");

        var (refused, html) = await console.SubmitAsync("/admin/login", "/admin/login?handler=password", ("EmailOrMobile", customer.Email), ("Password", RegistrationFlow.Password));
        var (wrong, wrongHtml) = await console.SubmitAsync("/admin/login", "/admin/login?handler=password", ("EmailOrMobile", customer.Email), ("Password", "Not-the-password-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Invalid email/mobile or password.", html, StringComparison.Ordinal);
        Assert.Equal(ErrorIn(html), ErrorIn(wrongHtml));
        Assert.Equal(smsBefore, await customer.CountAsync("mobile"));
        Assert.DoesNotContain(console.Cookies.Keys, k => k == "cbz_console");
    }

    [Fact]
    public async Task WithoutASession_EveryPageSendsToSignIn_AndTheAssetsNeedNone()
    {
        using var console = new ConsoleClient(Host);

        var (users, _) = await console.GetAsync("/admin/users?status=blocked");
        var (css, sheet) = await console.GetAsync("/admin/assets/console.css");

        Assert.Equal(HttpStatusCode.Redirect, users.StatusCode);
        Assert.Equal("/admin/login?next=%2Fadmin%2Fusers%3Fstatus%3Dblocked", users.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Contains("svg.chart", sheet, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await console.GetAsync("/admin/assets/other.js")).Response.StatusCode);
    }

    [Fact]
    public async Task EveryPage_CarriesTheStrictPolicy_AndIsNeverCached()
    {
        using var console = new ConsoleClient(Host);

        var (login, html) = await console.GetAsync("/admin/login");

        Assert.Equal(ExpectedPolicy, login.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-store", login.Headers.CacheControl!.ToString());
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryToken_IsRefused_AndChangesNothing()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var branch = await AccessControlTests.CreateBranchAsync(super);
        var (_, console) = await SignedInAsync("admin", branch);
        using var _ = console;
        var target = await KycFlow.StartAsync(Host, "user", branch);

        var (refused, _) = await console.PostAsync($"/admin/users/{target.UserCode}?handler=block", [new("Reason", "no token")], token: null);
        var (forged, _) = await console.PostAsync($"/admin/users/{target.UserCode}?handler=block", [new("Reason", "made-up token")], token: "CfDJ8forged");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("active", Host.Database.Scalar($"SELECT status FROM users WHERE user_code = '{target.UserCode}'"));
    }

    [Fact]
    public async Task BlockingFromTheConsole_StopsTheUsersApiTokenAtOnce_AndIsAudited()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var branch = await AccessControlTests.CreateBranchAsync(super);
        var (admin, console) = await SignedInAsync("admin", branch);
        using var _ = console;
        var target = await KycFlow.StartAsync(Host, "user", branch);
        Assert.Equal(HttpStatusCode.OK, (await target.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);

        var (blocked, _) = await console.SubmitAsync($"/admin/users/{target.UserCode}", $"/admin/users/{target.UserCode}?handler=block",
            ("Reason", "Chargebacks under review"), ("DurationDays", "7"));

        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await target.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        var row = Host.Database.Query($"SELECT status, block_reason, blocked_by, blocked_until FROM users WHERE user_code = '{target.UserCode}'").Single();
        Assert.Equal(["blocked", "Chargebacks under review", admin.UserCode], row[..3]);
        Assert.NotNull(row[3]);
        Assert.Equal(1L, Host.Database.Scalar($"SELECT COUNT(*) FROM audit_trail WHERE action = 'user.blocked' AND target_id = '{target.UserCode}' AND actor = '{admin.UserCode}'"));
        var (page, html) = await console.GetAsync(blocked.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"{target.UserCode} is blocked until", html, StringComparison.Ordinal);
        Assert.Contains("handler=unblock", html, StringComparison.Ordinal);

        // A reason left out is the API's own 400, shown as a page; the user stays as they are.
        var other = await KycFlow.StartAsync(Host, "user", branch);
        var (invalid, problem) = await console.SubmitAsync($"/admin/users/{other.UserCode}", $"/admin/users/{other.UserCode}?handler=block", ("Reason", " "));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("Say why.", problem, StringComparison.Ordinal);
        Assert.Equal("active", Host.Database.Scalar($"SELECT status FROM users WHERE user_code = '{other.UserCode}'"));
    }

    [Fact]
    public async Task AnAuditor_SeesNoActionControls_AndAForgedPostIsRefused_AsTheApiRefusesIt()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var branch = await AccessControlTests.CreateBranchAsync(super);
        var (auditor, console) = await SignedInAsync("auditor", branch);
        using var _ = console;
        var target = await KycFlow.StartAsync(Host, "user", branch);

        var (page, html) = await console.GetAsync($"/admin/users/{target.UserCode}");
        var (list, listHtml) = await console.GetAsync($"/admin/users?search={target.UserCode}");
        var (forged, _) = await console.PostAsync($"/admin/users/{target.UserCode}?handler=block", [new("Reason", "auditors may not")], ConsoleClient.TokenIn(html));
        var (bulk, _) = await console.PostAsync("/admin/users/bulk-block?handler=confirm", [new("Codes", target.UserCode), new("Reason", "nor in bulk")], ConsoleClient.TokenIn(html));
        var api = await auditor.Client.PostAsJsonAsync("/api/v1/admin/block/block_user", new { user_code = target.UserCode, reason = "nor through the API" });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(target.UserCode, listHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=block", html, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"checkbox\"", listHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Block selected", listHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bulk.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("active", Host.Database.Scalar($"SELECT status FROM users WHERE user_code = '{target.UserCode}'"));
    }

    [Fact]
    public async Task AnAdmin_ReachesOnlyTheirBranch_InTheConsoleAsInTheApi()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var mine = await AccessControlTests.CreateBranchAsync(super);
        var theirs = await AccessControlTests.CreateBranchAsync(super);
        var (admin, console) = await SignedInAsync("admin", mine);
        using var _ = console;
        var outsider = await KycFlow.StartAsync(Host, "user", theirs);

        var (page, _) = await console.GetAsync($"/admin/users/{outsider.UserCode}");
        var (block, _) = await console.PostAsync($"/admin/users/{outsider.UserCode}?handler=block", [new("Reason", "not mine")],
            ConsoleClient.TokenIn((await console.GetAsync("/admin/users")).Html));
        var api = await admin.Client.GetAsync($"/api/v1/admin/users/get_user/{outsider.UserCode}");
        var (list, html) = await console.GetAsync($"/admin/users?branch={theirs}");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, block.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain(outsider.UserCode, html, StringComparison.Ordinal);
        Assert.Equal("active", Host.Database.Scalar($"SELECT status FROM users WHERE user_code = '{outsider.UserCode}'"));
    }

    [Fact]
    public async Task BulkBlock_NamesEveryoneOnAConfirmationPage_ThenBlocksThemTogether()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var branch = await AccessControlTests.CreateBranchAsync(super);
        var (_, console) = await SignedInAsync("admin", branch);
        using var _ = console;
        var first = await KycFlow.StartAsync(Host, "user", branch);
        var second = await KycFlow.StartAsync(new RegistrationFlow(Host, "Vikram", "Menon"), "user", branch);

        var (confirm, html) = await console.SubmitAsync($"/admin/users?branch={branch}", "/admin/users/bulk-block", ("codes", first.UserCode), ("codes", second.UserCode));

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("Block 2 user(s)?", html, StringComparison.Ordinal);
        Assert.Contains("Vikram Menon", html, StringComparison.Ordinal);
        Assert.Contains(first.UserCode, html, StringComparison.Ordinal);
        Assert.Equal(0L, Host.Database.Scalar($"SELECT COUNT(*) FROM users WHERE user_code IN ('{first.UserCode}', '{second.UserCode}') AND status = 'blocked'"));

        var (done, _) = await console.PostAsync("/admin/users/bulk-block?handler=confirm",
            [new("Codes", first.UserCode), new("Codes", second.UserCode), new("Reason", "Same device farm")], ConsoleClient.TokenIn(html));

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(2L, Host.Database.Scalar($"SELECT COUNT(*) FROM users WHERE user_code IN ('{first.UserCode}', '{second.UserCode}') AND status = 'blocked' AND block_reason = 'Same device farm'"));
    }

    [Fact]
    public async Task TheConsoleSession_EndsAtOnce_OnLogout_OnABlock_AndWhenIdle()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var branch = await AccessControlTests.CreateBranchAsync(super);

        var (leavingAdmin, leaving) = await SignedInAsync("admin", branch);
        using (leaving)
        {
            var (loggedOut, _) = await leaving.SubmitAsync("/admin/", "/admin/logout");
            Assert.Equal(HttpStatusCode.Redirect, loggedOut.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await leaving.GetAsync("/admin/")).Response.StatusCode);
            // The console's session ended; the same person's API session (opened by the test's set-up) did not.
            Assert.Equal(["logout", null], Reasons(leavingAdmin));
        }
        var (blockedAdmin, blocked) = await SignedInAsync("admin", branch);
        using (blocked)
        {
            var block = await super.Client.PostAsJsonAsync("/api/v1/admin/block/block_user", new { user_code = blockedAdmin.UserCode, reason = "Left the company" });
            Assert.Equal(HttpStatusCode.OK, block.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await blocked.GetAsync("/admin/users")).Response.StatusCode);
            Assert.Equal(["blocked", "blocked"], Reasons(blockedAdmin));
        }
        var (idleAdmin, idle) = await SignedInAsync("admin", branch);
        using (idle)
        {
            var userId = SqliteId(Host.Database.Scalar($"SELECT id FROM users WHERE user_code = '{idleAdmin.UserCode}'"));
            var thirtyOneMinutesAgo = DateTime.UtcNow.AddMinutes(-31).ToString("yyyy-MM-dd HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture);
            var (fresh, _) = await idle.GetAsync("/admin/");
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
            Host.Database.Execute($"UPDATE user_sessions SET last_seen_at = '{thirtyOneMinutesAgo}' WHERE user_id = {userId}");
            Assert.Equal(HttpStatusCode.Redirect, (await idle.GetAsync("/admin/")).Response.StatusCode);
            // The idle rule is the console's: the API session, as idle, stays open (its tokens live 15 minutes).
            Assert.Equal(["idle", null], Reasons(idleAdmin));
        }
    }

    /// <summary>Why each of the person's sessions ended (null: open), the newest first.</summary>
    private static List<object?> Reasons(KycFlow person) =>
        Host.Database.Query($"SELECT s.revoked_reason FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.user_code = '{person.UserCode}' ORDER BY s.created_at DESC")
            .Select(r => r[0]).ToList();

    [Theory]
    [InlineData("admin")]
    [InlineData("super_admin")]
    [InlineData("master_superadmin")]
    [InlineData("auditor")]
    public async Task EveryPageInTheNavigation_RendersForEachStaffRole(string role)
    {
        var (_, console) = await SignedInAsync(role, "HQ");
        using var _ = console;

        var (home, html) = await console.GetAsync("/admin/");
        var links = NavLinks().Matches(html.Split("<nav", 2)[1].Split("</nav>", 2)[0]).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("/admin/users", links);
        foreach (var link in links)
        {
            var (page, _) = await console.GetAsync(link);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{link} answered {(int)page.StatusCode} for {role}");
        }
    }

    [Fact]
    public async Task OutsideDevelopment_TheConsoleIsServedOverHttpsOnly_AndItsCookiesAreSecure()
    {
        // As behind a TLS-terminating proxy: the loopback is a trusted proxy, and says when the client came over HTTPS.
        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?>
        {
            ["AdminConsole:SecureCookies"] = null,
            ["Http:TrustedProxies:0"] = "127.0.0.1",
        });
        using var console = new ConsoleClient(host);

        var (plain, refusal) = await console.GetAsync("/admin/login");
        console.Header("X-Forwarded-Proto", "https");
        var (login, _) = await console.GetAsync("/admin/login");

        Assert.Equal(HttpStatusCode.Forbidden, plain.StatusCode);
        Assert.Contains("HTTPS", refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var antiforgery = Assert.Single(console.LastSetCookies, c => c.StartsWith("cbz_console_af=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    private static string ErrorIn(string html) => ErrorLine().Match(html).Groups[1].Value;

    [GeneratedRegex("<p class=\"error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex ErrorLine();

    [GeneratedRegex("href=\"(/admin/[^\"]*)\"")]
    private static partial Regex NavLinks();
}
