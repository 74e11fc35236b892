using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Reports;

/// <summary>The staff's reports over audit rows, sign-in attempts and KYC sections, each limited to what the caller may see.</summary>
public sealed class StaffReportTests
{
    [Theory, EngineData]
    public async Task AuditTrail_FiltersPagesExportsAndVerifies_AndAdminsSeeOnlyTheirBranch(string engine)
    {
        using var host = new ApiHost(engine);
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var adminA = await KycFlow.StartAsync(host, "admin", "BRA");
        var adminB = await KycFlow.StartAsync(host, "admin", "BRB");
        var userA = await KycFlow.StartAsync(host, "user", "BRA");
        var userB = await KycFlow.StartAsync(host, "user", "BRB");
        adminA.Client.DefaultRequestHeaders.UserAgent.ParseAdd("AuditTest/1.0");
        adminB.Client.DefaultRequestHeaders.UserAgent.ParseAdd("AuditTest/1.0");
        await KycFlow.OkJsonAsync(await adminA.Client.PostAsJsonAsync("/api/v1/admin/block/block_user", new { user_code = userA.UserCode, reason = "audit test" }));
        await KycFlow.OkJsonAsync(await adminB.Client.PostAsJsonAsync("/api/v1/admin/block/block_user", new { user_code = userB.UserCode, reason = "audit test" }));

        var all = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/audit/get_audit_trail?action=user.blocked&page_size=1"));
        Assert.Equal(2, all.GetProperty("count").GetInt64());
        Assert.NotNull(all.GetProperty("next").GetString());
        Assert.Equal("user.blocked", all.GetProperty("results")[0].GetProperty("action").GetString());
        Assert.Equal("audit test", all.GetProperty("results")[0].GetProperty("detail").GetProperty("extra").GetProperty("reason").GetString());
        var mine = await KycFlow.OkJsonAsync(await adminA.Client.GetAsync("/api/v1/admin/audit/get_audit_trail?action=user.blocked"));
        Assert.Equal(userA.UserCode, Assert.Single(mine.GetProperty("results").EnumerateArray()).GetProperty("target_id").GetString());
        var aboutB = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync($"/api/v1/admin/audit/get_user_audit/{userB.UserCode}?days=1"));
        Assert.Contains(aboutB.GetProperty("results").EnumerateArray(), r => r.GetProperty("action").GetString() == "user.blocked");
        // Another branch's user, or nobody at all: 404, as every staff view of one user answers.
        await RegistrationFlow.ProblemAsync(await adminA.Client.GetAsync($"/api/v1/admin/audit/get_user_audit/{userB.UserCode}"), HttpStatusCode.NotFound);
        await RegistrationFlow.ProblemAsync(await auditor.Client.GetAsync("/api/v1/admin/audit/get_user_audit/ZZZZZ9"), HttpStatusCode.NotFound);
        // The trail answers the user agent it stored, and the export carries it too.
        var blocked = all.GetProperty("results")[0];
        Assert.Equal("AuditTest/1.0", blocked.GetProperty("user_agent").GetString());
        Assert.Equal("AuditTest/1.0", KycFlowTests.Scalar(host, $"SELECT user_agent FROM audit_trail WHERE sequence = {blocked.GetProperty("sequence").GetInt64()}"));
        await RegistrationFlow.ProblemAsync(await auditor.Client.GetAsync("/api/v1/admin/audit/get_audit_trail?days=0"), HttpStatusCode.BadRequest);

        // Statistics come from running totals kept with each append: they must equal what the trail holds (everything here is from today).
        var stats = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/audit/get_statistics?days=1"));
        Assert.Equal(2, stats.GetProperty("top_action_counts").GetProperty("user.blocked").GetInt64());
        Assert.Contains("user.blocked", stats.GetProperty("top_actions").EnumerateArray().Select(a => a.GetString()));
        var trailRows = long.Parse(KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM audit_trail")!, CultureInfo.InvariantCulture);
        Assert.Equal(trailRows, stats.GetProperty("total_events").GetInt64());
        Assert.Equal(trailRows, stats.GetProperty("today").GetInt64());
        Assert.Equal(trailRows, stats.GetProperty("this_month").GetInt64());
        Assert.Equal(KycFlowTests.Scalar(host, "SELECT COUNT(DISTINCT actor) FROM audit_trail"), stats.GetProperty("unique_actors").GetInt64().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(trailRows, Assert.Single(stats.GetProperty("per_day").EnumerateObject()).Value.GetInt64());
        var branchStats = await KycFlow.OkJsonAsync(await adminA.Client.GetAsync("/api/v1/admin/audit/get_statistics"));
        Assert.Equal(KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM audit_trail WHERE branch_code = 'BRA'"), branchStats.GetProperty("total_events").GetInt64().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(1, branchStats.GetProperty("top_action_counts").GetProperty("user.blocked").GetInt64());
        Assert.Equal(KycFlowTests.Scalar(host, "SELECT COUNT(DISTINCT actor) FROM audit_trail WHERE branch_code = 'BRA'"),
            branchStats.GetProperty("unique_actors").GetInt64().ToString(CultureInfo.InvariantCulture));

        var csv = await auditor.Client.GetAsync("/api/v1/admin/audit/export_logs?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("sequence,occurred_at,actor,action", lines[0], StringComparison.Ordinal);
        Assert.Contains(",user_agent,", lines[0], StringComparison.Ordinal);
        var total = Convert.ToInt64(host.Database.Scalar("SELECT COUNT(*) FROM audit_trail"), System.Globalization.CultureInfo.InvariantCulture);
        var jsonl = (await (await auditor.Client.GetAsync("/api/v1/admin/audit/export_logs?format=jsonl")).Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(total, jsonl.Count);
        Assert.All(jsonl, j => Assert.True(j.TryGetProperty("user_agent", out _)));
        Assert.Equal(jsonl.Select(j => j.GetProperty("sequence").GetInt64()).Order(), jsonl.Select(j => j.GetProperty("sequence").GetInt64()));
        await RegistrationFlow.ProblemAsync(await auditor.Client.GetAsync("/api/v1/admin/audit/export_logs?format=xml"), HttpStatusCode.BadRequest);
        await RegistrationFlow.ProblemAsync(await auditor.Client.GetAsync("/api/v1/admin/audit/export_logs?start_date=2026-02-01&end_date=2026-01-01"), HttpStatusCode.BadRequest);

        var verify = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/audit/verify"));
        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(total, verify.GetProperty("rows_checked").GetInt64());
        host.Database.Execute("UPDATE audit_trail SET action = 'user.unblocked' WHERE sequence = 3");
        var broken = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/audit/verify"));
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(3, broken.GetProperty("first_broken_sequence").GetInt64());
    }

    [Theory, EngineData]
    public async Task LoginActivity_AndKycReports_CountWhatHappened_WithinTheCallersReach(string engine)
    {
        using var host = new ApiHost(engine);
        var hourBefore = DateTime.UtcNow.Hour;
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var admin = await KycFlow.StartAsync(host, "admin", "BRA");
        var user = await KycFlow.StartAsync(host, "user", "BRA");
        var outsider = await KycFlow.StartAsync(host, "user", "BRB");
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginTests.LoginAsync(user.Registration, user.Registration.Email, "Wrong-Password-1!")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginTests.LoginAsync(outsider.Registration, outsider.Registration.Email, "Wrong-Password-1!")).StatusCode);

        var history = await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/login-activity/get_user_login_history/{user.UserCode}?days=1"));
        Assert.Equal(1, history.GetProperty("successful_logins").GetInt64());
        Assert.Equal(1, history.GetProperty("failed_logins").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync($"/api/v1/login-activity/get_user_login_history/{outsider.UserCode}")).StatusCode);
        var failedMine = await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/login-activity/get_failed_login_attempts?days=1"));
        Assert.Equal(user.UserCode, Assert.Single(failedMine.GetProperty("results").EnumerateArray()).GetProperty("user_code").GetString());
        var failedAll = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/login-activity/get_failed_login_attempts?days=1"));
        Assert.Equal(2, failedAll.GetProperty("count").GetInt64());
        var stats = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/login-activity/get_login_statistics?days=1"));
        Assert.Equal(4, stats.GetProperty("successful").GetInt64());
        Assert.Equal(2, stats.GetProperty("failed").GetInt64());
        Assert.Equal(4, stats.GetProperty("unique_users").GetInt64());
        Assert.Contains(stats.GetProperty("peak_hour_utc").GetInt32(), new[] { hourBefore, DateTime.UtcNow.Hour });
        // An admin's statistics count their branch's users only (the admin and the user of BRA): 2 sign-ins, 1 failure, 2 people.
        var mineStats = await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/login-activity/get_login_statistics"));
        Assert.Equal(2, mineStats.GetProperty("successful").GetInt64());
        Assert.Equal(1, mineStats.GetProperty("failed").GetInt64());
        Assert.Equal(2, mineStats.GetProperty("unique_users").GetInt64());
        Assert.Equal(3, mineStats.GetProperty("devices").EnumerateObject().Sum(d => d.Value.GetInt64()));

        await KycFlow.OkJsonAsync(await user.SubmitPanAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await outsider.SubmitPanAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/kyc/{user.UserCode}/pan/approve", new { }));
        var report = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/reports/kyc/get_kyc_report?days=1"));
        Assert.Equal(2, report.GetProperty("submissions").GetInt64());
        Assert.Equal(1, report.GetProperty("by_section").GetProperty("pan").GetProperty("verified").GetInt64());
        Assert.Equal(100.0, report.GetProperty("verification_rate").GetDouble());
        Assert.True(report.GetProperty("average_hours_to_verify").GetDouble() >= 0);
        Assert.Equal(outsider.UserCode, Assert.Single(report.GetProperty("pending_kyc").EnumerateArray()).GetProperty("user_code").GetString());
        Assert.Equal(2, report.GetProperty("users_submitted").GetInt64());

        // A resubmission replaces the pending version: still one pending PAN, counted once.
        await KycFlow.OkJsonAsync(await outsider.SubmitPanAsync(), HttpStatusCode.Created);
        report = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/reports/kyc/get_kyc_report"));
        Assert.Equal(2, report.GetProperty("submissions").GetInt64());
        Assert.Equal(1, report.GetProperty("by_section").GetProperty("pan").GetProperty("pending").GetInt64());
        var pendingOnly = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/reports/kyc/get_kyc_report?status=pending"));
        Assert.Equal(1, pendingOnly.GetProperty("submissions").GetInt64());
        Assert.Equal(1, pendingOnly.GetProperty("users_submitted").GetInt64());
        var branchReport = await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/admin/reports/kyc/get_kyc_report"));
        Assert.Equal(1, branchReport.GetProperty("submissions").GetInt64());
        Assert.Equal(1, branchReport.GetProperty("users_submitted").GetInt64());
        Assert.Empty(branchReport.GetProperty("pending_kyc").EnumerateArray());
        // What the writes kept equals what the rebuild (migration, seed) computes from the sections on this engine.
        var kept = report.ToString();
        foreach (var sql in CredbuzzPay.Api.Modules.Kyc.KycCounters.RebuildSql(host.Database.Provider))
        {
            host.Database.Execute(sql);
        }
        Assert.Equal(kept, (await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/reports/kyc/get_kyc_report"))).ToString());
        var pendingForAdmin = await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/admin/reports/kyc/get_pending_kyc"));
        Assert.Equal(0, pendingForAdmin.GetProperty("count").GetInt64());
        var verified = await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/admin/reports/kyc/get_kyc_by_status/verified"));
        Assert.Equal(user.UserCode, Assert.Single(verified.GetProperty("results").EnumerateArray()).GetProperty("user_code").GetString());
        await RegistrationFlow.ProblemAsync(await admin.Client.GetAsync("/api/v1/admin/reports/kyc/get_kyc_by_status/approved"), HttpStatusCode.BadRequest);
    }

    [Theory, EngineData]
    public async Task RegistrationFunnel_FollowsTheWindowsRegistrantsThroughKyc(string engine)
    {
        using var host = new ApiHost(engine);
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var first = await KycFlow.StartAsync(host, "user", "BRF");
        await KycFlow.StartAsync(host, "user", "BRF");
        await new RegistrationFlow(host).InitiateAsync(); // started, never finished
        await KycFlow.OkJsonAsync(await first.SubmitPanAsync(), HttpStatusCode.Created);

        var funnel = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/reports/registration-funnel?days=1"));
        var steps = funnel.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!, s => s);
        Assert.Equal(4, steps["initiated"].GetProperty("count").GetInt64());
        Assert.Equal(3, steps["contacts_verified"].GetProperty("count").GetInt64());
        Assert.Equal(75.0, steps["contacts_verified"].GetProperty("conversion_from_previous").GetDouble());
        Assert.Equal(0, steps["aadhaar_submitted"].GetProperty("count").GetInt64());
        Assert.Equal(1, steps["pan_submitted"].GetProperty("count").GetInt64());
        Assert.Equal(0, steps["fully_verified"].GetProperty("count").GetInt64());
        await RegistrationFlow.ProblemAsync(await auditor.Client.GetAsync("/api/v1/reports/registration-funnel?days=0"), HttpStatusCode.BadRequest);

        // What the appends kept equals what the rebuild (migration, seed) computes from the trail on this engine.
        var kept = funnel.GetProperty("steps").ToString();
        foreach (var sql in CredbuzzPay.Api.Modules.Audit.AuditCounters.FunnelRebuildSql())
        {
            host.Database.Execute(sql);
        }
        var rebuilt = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/reports/registration-funnel?days=1"));
        Assert.Equal(kept, rebuilt.GetProperty("steps").ToString());
        Assert.Equal("3", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM registration_funnel"));
        Assert.Equal("1", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM registration_funnel WHERE pan_at IS NOT NULL"));
    }
}
