using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Tests.Access;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Console;

/// <summary>The console's pages beyond users: paging, the audit browser, security, branches, features, system; and that every page names a real API rule.</summary>
public sealed class ConsolePagesTests
{
    private static ApiHost Host => ApiHost.For(TestEngines.Sqlite);

    private static async Task<(KycFlow Staff, ConsoleClient Console)> SignedInAsync(string role, string branch)
    {
        var staff = await KycFlow.StartAsync(Host, role, branch);
        var console = new ConsoleClient(Host);
        Assert.Equal(HttpStatusCode.Redirect, (await console.SignInAsync(staff.Registration)).StatusCode);
        return (staff, console);
    }

    [Fact]
    public async Task EveryRuleAConsolePageNames_IsAnApiEndpointsRule()
    {
        var named = typeof(ApiRules).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<ApiRuleAttribute>().Concat(t.GetMethods().SelectMany(m => m.GetCustomAttributes<ApiRuleAttribute>())))
            .Select(a => a.Rule).Where(r => r != ApiRuleAttribute.AnyConsoleUser).Distinct().ToList();
        var links = Host.Services.GetServices<AdminLink>().Select(l => l.Rule);
        var panels = Host.Services.CreateScope().ServiceProvider.GetServices<IDashboardPanel>().Select(p => p.Rule);
        var known = await Host.Services.GetRequiredService<ApiRules>().KnownAsync();

        Assert.True(named.Count >= 20, $"only {named.Count} rules named");
        Assert.All(named.Concat(links).Concat(panels), rule => Assert.Contains(rule, known));
    }

    [Fact]
    public async Task ALongList_PagesOnTheServer_AndRemembersThePageSize()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var branch = await AccessControlTests.CreateBranchAsync(super);
        var first = await KycFlow.StartAsync(Host, "user", branch);
        var second = await KycFlow.StartAsync(Host, "user", branch);
        using var console = new ConsoleClient(Host);
        Assert.Equal(HttpStatusCode.Redirect, (await console.SignInAsync(super.Registration)).StatusCode);

        var (_, one) = await console.GetAsync($"/admin/users?branch={branch}&sort=user_code&page_size=1");
        var (_, two) = await console.GetAsync($"/admin/users?branch={branch}&sort=user_code&page=2");
        var (bad, _) = await console.GetAsync($"/admin/users?branch={branch}&page=two");
        var (badSort, sortHtml) = await console.GetAsync($"/admin/users?sort=shoe_size");

        var codes = new[] { first.UserCode, second.UserCode }.Order(StringComparer.Ordinal).ToArray();
        Assert.Contains($"/admin/users/{codes[0]}\"", one, StringComparison.Ordinal);
        Assert.DoesNotContain($"/admin/users/{codes[1]}\"", one, StringComparison.Ordinal);
        Assert.Contains("2 users · page 1 of 2", one, StringComparison.Ordinal);
        // Page 2, one a page though no page_size was given: the size chosen before is remembered.
        Assert.Contains($"/admin/users/{codes[1]}\"", two, StringComparison.Ordinal);
        Assert.DoesNotContain($"/admin/users/{codes[0]}\"", two, StringComparison.Ordinal);
        Assert.Contains("2 users · page 2 of 2", two, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        Assert.Contains("Sort by -created_at, created_at, name, user_code, -last_login.", sortHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditBrowser_ShowsARowsBeforeAndAfter_VerifiesTheChain_AndExports()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var branch = await AccessControlTests.CreateBranchAsync(super);
        var target = await KycFlow.StartAsync(Host, "user", branch);
        Assert.Equal(HttpStatusCode.OK, (await super.Client.PostJsonAsync("/api/v1/admin/block/block_user", new { user_code = target.UserCode, reason = "Audit me" })).StatusCode);
        var sequence = Convert.ToInt64(Host.Database.Scalar($"SELECT sequence FROM audit_trail WHERE action = 'user.blocked' AND target_id = '{target.UserCode}'"), CultureInfo.InvariantCulture);
        using var console = new ConsoleClient(Host);
        Assert.Equal(HttpStatusCode.Redirect, (await console.SignInAsync(super.Registration)).StatusCode);

        var (list, listHtml) = await console.GetAsync($"/admin/audit?action=user.blocked&user_code={target.UserCode}");
        var (row, rowHtml) = await console.GetAsync($"/admin/audit/{sequence}");
        var (verify, verifyHtml) = await console.GetAsync("/admin/audit?handler=verify");
        var (export, csv) = await console.GetAsync("/admin/audit?handler=export&format=csv");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains($"href=\"/admin/audit/{sequence}\"", listHtml, StringComparison.Ordinal);
        Assert.Contains("1 rows · page 1 of 1", listHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, row.StatusCode);
        Assert.Matches("<tr class=\"changed\"><td>status</td><td class=\"before\">active</td><td class=\"after\">blocked</td></tr>", rowHtml);
        Assert.Contains("Audit me", rowHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        Assert.Contains("The chain is intact", verifyHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.StartsWith("text/csv", export.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("sequence,occurred_at,actor,action", csv, StringComparison.Ordinal);
        Assert.Contains($"{sequence},", csv, StringComparison.Ordinal);

        // An admin reads the trail but may not run the chain check (super_admin and auditors only), as in the API.
        var (_, admin) = await SignedInAsync("admin", branch);
        using var _ = admin;
        var (refused, _) = await admin.GetAsync("/admin/audit?handler=verify");
        var (page, html) = await admin.GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("handler=verify", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/audit/999999999")).Response.StatusCode);
    }

    [Fact]
    public async Task SecurityAlerts_AreAcknowledgedAndResolvedFromTheConsole_AndAddressesBlocked()
    {
        var (super, console) = await SignedInAsync("super_admin", "HQ");
        using var _ = console;
        var id = Guid.CreateVersion7();
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        Host.Database.Execute("INSERT INTO security_alerts (id, kind, severity, status, ip_address, message, created_at, updated_at) " +
            $"VALUES (X'{Convert.ToHexString(id.ToByteArray())}', 'brute_force', 'high', 'open', '198.51.100.9', 'Console test alert', '{now}', '{now}')");
        string Status() => (string)Host.Database.Scalar($"SELECT status FROM security_alerts WHERE id = X'{Convert.ToHexString(id.ToByteArray())}'")!;

        var (acknowledged, _) = await console.SubmitAsync("/admin/security?severity=high", "/admin/security?handler=act", ("alertId", id.ToString()), ("action", "acknowledge"));
        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
        Assert.Equal("acknowledged", Status());
        var (again, _) = await console.SubmitAsync("/admin/security", "/admin/security?handler=act", ("alertId", id.ToString()), ("action", "acknowledge"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var (resolved, _) = await console.SubmitAsync("/admin/security", "/admin/security?handler=act", ("alertId", id.ToString()), ("action", "resolve"));
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        Assert.Equal("resolved", Status());
        Assert.Equal(2L, Host.Database.Scalar($"SELECT COUNT(*) FROM audit_trail WHERE action LIKE 'security_alert.%' AND target_id = '{id}' AND actor = '{super.UserCode}'"));

        var address = $"203.0.113.{System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, 250)}";
        var (blocked, _) = await console.SubmitAsync("/admin/security", "/admin/security?handler=block", ("ipAddress", address), ("reason", "Scanner"), ("durationMinutes", "60"));
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal("Scanner", Host.Database.Scalar($"SELECT reason FROM ip_blocklist WHERE ip_address = '{address}'"));
        var (invalid, html) = await console.SubmitAsync("/admin/security", "/admin/security?handler=block", ("ipAddress", "not-an-address"), ("reason", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("ip_address", html, StringComparison.Ordinal);
        var (lifted, _) = await console.SubmitAsync("/admin/security", "/admin/security?handler=unblock", ("ipAddress", address));
        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        Assert.Equal(0L, Host.Database.Scalar($"SELECT COUNT(*) FROM ip_blocklist WHERE ip_address = '{address}'"));

        // An admin sees the alerts but not the blocklist's controls; a forged block is refused as the API refuses it.
        var (_, admin) = await SignedInAsync("admin", "HQ");
        using var __ = admin;
        var (page, adminHtml) = await admin.GetAsync("/admin/security");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("handler=block", adminHtml, StringComparison.Ordinal);
        var (forged, _) = await admin.PostAsync("/admin/security?handler=block", [new("ipAddress", address), new("reason", "not mine to")], ConsoleClient.TokenIn(adminHtml));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(0L, Host.Database.Scalar($"SELECT COUNT(*) FROM ip_blocklist WHERE ip_address = '{address}'"));
    }

    [Fact]
    public async Task BranchesAndFeatures_AreCreatedAndChangedBySuperAdmins_AndReadByAdmins()
    {
        var (_, console) = await SignedInAsync("super_admin", "HQ");
        using var _ = console;
        var code = "BR" + KycFlow.RandomDigits(8);
        var feature = "feat_" + KycFlow.RandomDigits(6);

        var (created, _) = await console.SubmitAsync("/admin/branches", "/admin/branches?handler=create", ("branchCode", code), ("name", "Pune Camp"), ("city", "Pune"), ("pincode", "411001"));
        var (deactivated, _) = await console.SubmitAsync("/admin/branches", "/admin/branches?handler=active", ("branchCode", code), ("active", "false"));
        var (badPincode, pinHtml) = await console.SubmitAsync("/admin/branches", "/admin/branches?handler=create", ("branchCode", code + "X"), ("name", "Bad"), ("pincode", "011001"));
        var (featureMade, _) = await console.SubmitAsync("/admin/features", "/admin/features?handler=create", ("featureCode", feature), ("name", "Console test"), ("grantedByDefault", "true"));
        var (featureOff, _) = await console.SubmitAsync("/admin/features", "/admin/features?handler=update", ("featureCode", feature), ("active", "false"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        var branch = Host.Database.Query($"SELECT name, city, pincode, active FROM branches WHERE branch_code = '{code}'").Single();
        Assert.Equal(["Pune Camp", "Pune", "411001", 0L], branch);
        Assert.Equal(HttpStatusCode.BadRequest, badPincode.StatusCode);
        Assert.Contains("A pincode is 6 digits and does not start with 0.", pinHtml, StringComparison.Ordinal);
        Assert.Equal(0L, Host.Database.Scalar($"SELECT COUNT(*) FROM branches WHERE branch_code = '{code}X'"));
        Assert.Equal(HttpStatusCode.Redirect, featureMade.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, featureOff.StatusCode);
        Assert.Equal([0L, 1L], Host.Database.Query($"SELECT active, granted_by_default FROM features WHERE feature_code = '{feature}'").Single());

        var (_, admin) = await SignedInAsync("admin", code);
        using var __ = admin;
        var (page, html) = await admin.GetAsync("/admin/branches");
        var (forged, _) = await admin.PostAsync("/admin/branches?handler=create", [new("branchCode", code + "Y"), new("name", "Not mine")], ConsoleClient.TokenIn(html));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(code, html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=create", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task AChecker_ApprovesAMakersRequestFromTheConsole_AndTheMoneyMovesOnce()
    {
        var host = Ledger.LedgerFlow.Host(TestEngines.Sqlite);
        var branch = "BR" + KycFlow.RandomDigits(6);
        var customer = await Ledger.LedgerFlow.CustomerAsync(host, branch);
        var maker = await KycFlow.StartAsync(host, "admin", branch);
        var checker = await KycFlow.StartAsync(host, "admin", branch);
        var account = await Ledger.LedgerFlow.FundedAsync(customer, "100.00");
        var raised = await KycFlow.OkJsonAsync(await maker.Client.PostAsJsonAsync("/api/v1/admin/transactions/",
            new { transaction_type = "DEPOSIT", account_number = account, amount = "50000.00", reason = "counter" }), HttpStatusCode.Accepted);
        var id = raised.GetProperty("approval_id").GetString()!;
        using var makerConsole = new ConsoleClient(host);
        using var checkerConsole = new ConsoleClient(host);
        Assert.Equal(HttpStatusCode.Redirect, (await makerConsole.SignInAsync(maker.Registration)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await checkerConsole.SignInAsync(checker.Registration)).StatusCode);

        var (_, makerHtml) = await makerConsole.GetAsync("/admin/approvals");
        var (queue, html) = await checkerConsole.GetAsync("/admin/approvals");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains($"<td>{id}</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{maker.UserCode}</td>", html, StringComparison.Ordinal);
        Assert.Contains("yours: another checker decides", makerHtml, StringComparison.Ordinal);
        var (byMaker, _) = await makerConsole.PostAsync("/admin/approvals?handler=approve", [new("approvalId", id), new("idempotency_key", "00112233445566778899aabbccddeeff")],
            ConsoleClient.TokenIn(makerHtml));
        Assert.Equal(HttpStatusCode.Forbidden, byMaker.StatusCode);
        Assert.Equal(100_00L, Ledger.LedgerFlow.StoredPaise(host, account));

        var token = ConsoleClient.TokenIn(html);
        var key = Regex.Match(html, $"name=\"approvalId\" value=\"{id}\"><input type=\"hidden\" name=\"idempotency_key\" value=\"([0-9a-f]{{32}})\"").Groups[1].Value;
        Assert.NotEmpty(key);
        var (approved, _) = await checkerConsole.PostAsync("/admin/approvals?handler=approve", [new("approvalId", id), new("idempotency_key", key)], token);
        // The same form again gets the first outcome; a fresh form (another key) meets the handler's state check, the API's 409.
        var (replayed, _) = await checkerConsole.PostAsync("/admin/approvals?handler=approve", [new("approvalId", id), new("idempotency_key", key)], token);
        var (fresh, _) = await checkerConsole.PostAsync("/admin/approvals?handler=approve", [new("approvalId", id), new("idempotency_key", "ffeeddccbbaa99887766554433221100")], token);

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.Conflict, fresh.StatusCode);
        Assert.Equal(100_00L + 50_000_00L, Ledger.LedgerFlow.StoredPaise(host, account));
        Assert.Equal("APPROVED", host.Database.Scalar($"SELECT status FROM ledger_approvals WHERE approval_id = '{id}'"));
        Assert.Equal(0, await Ledger.LedgerFlow.VerifyLedgerAsync(host));
    }

    [Fact]
    public async Task TheUserPage_ChangesRolesAndPlatforms_AndSoftDeletes_UnderTheApisRules()
    {
        var super = await KycFlow.StartAsync(Host, "super_admin", "HQ");
        var branch = await AccessControlTests.CreateBranchAsync(super);
        var target = await KycFlow.StartAsync(Host, "user", branch);
        using var console = new ConsoleClient(Host);
        Assert.Equal(HttpStatusCode.Redirect, (await console.SignInAsync(super.Registration)).StatusCode);
        var page = $"/admin/users/{target.UserCode}";

        var (role, _) = await console.SubmitAsync(page, page + "?handler=role", ("newRole", "auditor"));
        Assert.Equal(HttpStatusCode.Redirect, role.StatusCode);
        Assert.Equal("auditor", Host.Database.Scalar($"SELECT role FROM users WHERE user_code = '{target.UserCode}'"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await target.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        var (tooHigh, _) = await console.SubmitAsync(page, page + "?handler=role", ("newRole", "master_superadmin"));
        Assert.Equal(HttpStatusCode.Forbidden, tooHigh.StatusCode);

        var (revoked, _) = await console.SubmitAsync(page, page + "?handler=platform", ("platform", "web"), ("change", "revoke"));
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var userId = $"X'{Convert.ToHexString((byte[])Host.Database.Scalar($"SELECT id FROM users WHERE user_code = '{target.UserCode}'")!)}'";
        Assert.Equal(0L, Host.Database.Scalar($"SELECT enabled FROM user_platform_access WHERE user_id = {userId} AND platform = 'web'"));
        var (badPlatform, _) = await console.SubmitAsync(page, page + "?handler=platform", ("platform", "fax"), ("change", "grant"));
        Assert.Equal(HttpStatusCode.BadRequest, badPlatform.StatusCode);

        // A branch admin sees the person but neither role control (super_admin's rule) nor anything on staff above them.
        var (_, admin) = await SignedInAsync("admin", branch);
        using var __ = admin;
        var (adminView, adminHtml) = await admin.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, adminView.StatusCode);
        Assert.DoesNotContain("handler=role", adminHtml, StringComparison.Ordinal);
        var (forged, _) = await admin.PostAsync(page + "?handler=role", [new("newRole", "user")], ConsoleClient.TokenIn(adminHtml));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("auditor", Host.Database.Scalar($"SELECT role FROM users WHERE user_code = '{target.UserCode}'"));

        var (deleted, _) = await console.SubmitAsync(page, page + "?handler=delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.NotNull(Host.Database.Scalar($"SELECT deleted_at FROM users WHERE user_code = '{target.UserCode}'"));
        Assert.Equal(HttpStatusCode.NotFound, (await console.GetAsync(page)).Response.StatusCode);
    }

    [Fact]
    public async Task MoneyAndComplianceLists_ShowWhatTheApiAnswers_WithTheirFiltersInTheUrl()
    {
        var host = Ledger.LedgerFlow.Host(TestEngines.Sqlite);
        var branch = "BR" + KycFlow.RandomDigits(6);
        var customer = await Ledger.LedgerFlow.CustomerAsync(host, branch);
        var account = await Ledger.LedgerFlow.FundedAsync(customer, "250.00");
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        using var console = new ConsoleClient(host);
        Assert.Equal(HttpStatusCode.Redirect, (await console.SignInAsync(super.Registration)).StatusCode);

        var (accounts, html) = await console.GetAsync($"/admin/accounts?user_code={customer.UserCode}");
        var api = await KycFlow.OkJsonAsync(await super.Client.GetAsync($"/api/v1/admin/accounts/?user_code={customer.UserCode}"));

        Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
        var cells = Regex.Replace(html, "\\s*(<td>|</td>)\\s*", "$1");
        Assert.Contains($"<td><a href=\"/admin/transactions?account_number={account}\">{account}</a></td>", cells, StringComparison.Ordinal);
        Assert.Contains($"<td><a href=\"/admin/users/{customer.UserCode}\">{customer.UserCode}</a></td>", cells, StringComparison.Ordinal);
        Assert.Contains($"{api.GetProperty("count").GetInt64()} accounts · page 1 of 1", html, StringComparison.Ordinal);
        Assert.Contains("<td>250.00</td>", cells, StringComparison.Ordinal);
        foreach (var page in new[] { "/admin/fraud?status=OPEN", "/admin/loans", "/admin/privacy/requests?overdue=true", "/admin/privacy/grievances", "/admin/bills/complaints",
            "/admin/purchases/pending" })
        {
            Assert.Equal(HttpStatusCode.OK, (await console.GetAsync(page)).Response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await console.GetAsync("/admin/fraud?days=many")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await console.GetAsync("/admin/privacy/requests?overdue=maybe")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await console.GetAsync("/admin/accounts?status=SLEEPING")).Response.StatusCode);
    }

    [Fact]
    public async Task TheSystemPage_ShowsTheDatabaseSchedulerAndOutbox()
    {
        var (_, console) = await SignedInAsync("auditor", "HQ");
        using var _ = console;

        var (page, html) = await console.GetAsync("/admin/system");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<dt>Engine</dt><dd>sqlite</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Job scheduler", html, StringComparison.Ordinal);
        Assert.Contains("Requests on this node, last 24 hours", html, StringComparison.Ordinal);
    }
}
