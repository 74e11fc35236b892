using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Reports;

/// <summary>Detection as requests happen: credential stuffing raises a critical alert and blocks the address before any work; staff act on alerts and the blocklist.</summary>
public sealed class SecurityMonitoringTests
{
    [Theory, EngineData]
    public async Task CredentialStuffing_RaisesACriticalAlert_AndTheAddressIsRefusedAtOnce(string engine)
    {
        using var host = new ApiHost(engine, new Dictionary<string, string?>
        {
            ["Security:NeverAutoBlock:0"] = "none",
            ["Security:StuffingAccountsPerIp"] = "3",
            ["Security:FailedLoginsPerAccountPerHour"] = "2",
        });
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var victim = await KycFlow.StartAsync(host, "user", "BRA");

        // Two wrong passwords on a real account (medium alert), then two unknown accounts: three distinct accounts from one address.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginTests.LoginAsync(victim.Registration, victim.Registration.Email, "Wrong-Password-1!")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginTests.LoginAsync(victim.Registration, "nobody-1@example.com", "Wrong-Password-1!")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginTests.LoginAsync(victim.Registration, "nobody-2@example.com", "Wrong-Password-1!")).StatusCode);

        // The address is now blocked: every request, even a staff member's, gets 403 before any work.
        var refused = await RegistrationFlow.ProblemAsync(await super.Client.GetAsync("/api/v1/user/profile/my_profile"), HttpStatusCode.Forbidden);
        Assert.Contains("blocked", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient().GetAsync("/health/live")).StatusCode);
        Assert.Equal("critical", KycFlowTests.Scalar(host, "SELECT severity FROM security_alerts WHERE kind = 'credential_stuffing'"));
        Assert.Equal("system:detection", KycFlowTests.Scalar(host, "SELECT created_by FROM ip_blocklist WHERE ip_address = '127.0.0.1'"));

        // An operator lifts it in the database; nodes pick that up within seconds.
        host.Database.Execute("DELETE FROM ip_blocklist");
        await Task.Delay(TimeSpan.FromSeconds(5.5));
        var alerts = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/reports/security/get_security_alerts?days=1"));
        Assert.Equal(1, alerts.GetProperty("critical").GetInt64());
        Assert.Equal(1, alerts.GetProperty("medium").GetInt64());
        var critical = alerts.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("severity").GetString() == "critical");
        var medium = alerts.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("severity").GetString() == "medium");
        Assert.Equal(victim.UserCode, medium.GetProperty("user_code").GetString());

        // Acting on an alert is audited; auditors only read.
        var id = critical.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.Client.PostAsJsonAsync($"/api/v1/admin/security/alerts/{id}/acknowledge", new { })).StatusCode);
        await KycFlow.OkJsonAsync(await super.Client.PostAsJsonAsync($"/api/v1/admin/security/alerts/{id}/assign", new { assignee = super.UserCode }));
        await RegistrationFlow.ProblemAsync(await super.Client.PostAsJsonAsync($"/api/v1/admin/security/alerts/{id}/assign", new { assignee = victim.UserCode }), HttpStatusCode.BadRequest);
        await KycFlow.OkJsonAsync(await super.Client.PostAsJsonAsync($"/api/v1/admin/security/alerts/{id}/acknowledge", new { note = "looking" }));
        await RegistrationFlow.ProblemAsync(await super.Client.PostAsJsonAsync($"/api/v1/admin/security/alerts/{id}/acknowledge", new { }), HttpStatusCode.Conflict);
        var resolved = await KycFlow.OkJsonAsync(await super.Client.PostAsJsonAsync($"/api/v1/admin/security/alerts/{id}/resolve", new { note = "blocked upstream" }));
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal(super.UserCode, resolved.GetProperty("assignee").GetString());
        Assert.Equal("3", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE target_type = 'security_alert' AND target_id = '{id}'"));

        // Reports: threats by address, the user's signals and risk score, the summary.
        var threats = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/reports/security/get_ip_threats?days=1"));
        var threat = Assert.Single(threats.GetProperty("suspicious_ips").EnumerateArray());
        Assert.Equal("127.0.0.1", threat.GetProperty("ip").GetString());
        Assert.Equal(4, threat.GetProperty("failed_attempts").GetInt64());
        Assert.False(threat.GetProperty("blocked").GetBoolean()); // lifted above
        Assert.Equal(4, threat.GetProperty("failed_logins").GetInt64());
        Assert.Equal(3, threat.GetProperty("accounts_tried").GetInt64());
        var activity = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync($"/api/v1/security/suspicious-activity/{victim.UserCode}"));
        Assert.Equal(20, activity.GetProperty("risk_score").GetInt32()); // 2 failures x 5 + 1 open alert x 10
        var summary = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/reports/security/get_security_summary?days=1"));
        Assert.Equal(1, summary.GetProperty("open_alerts_by_severity").GetProperty("medium").GetInt64());
        Assert.Equal(4, summary.GetProperty("failed_logins").GetInt64());

        // Manual blocks: listed, audited, lifted; malformed addresses refused.
        await RegistrationFlow.ProblemAsync(await super.Client.PostAsJsonAsync("/api/v1/admin/security/ip_blocklist", new { ip_address = "not-an-ip", reason = "x" }), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Created, (await super.Client.PostAsJsonAsync("/api/v1/admin/security/ip_blocklist", new { ip_address = "203.0.113.7", reason = "abuse report", duration_minutes = 60 })).StatusCode);
        var list = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/security/ip_blocklist"));
        Assert.Equal("203.0.113.7", Assert.Single(list.EnumerateArray()).GetProperty("ip_address").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await super.Client.DeleteAsync("/api/v1/admin/security/ip_blocklist/203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await super.Client.DeleteAsync("/api/v1/admin/security/ip_blocklist/203.0.113.7")).StatusCode);
        Assert.Equal("1", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM audit_trail WHERE action = 'ip.blocked' AND target_id = '203.0.113.7'"));
    }

    [Fact]
    public async Task Loopback_IsNeverBlockedAutomatically_ByDefault()
    {
        using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?> { ["Security:StuffingAccountsPerIp"] = "2" });
        var user = await KycFlow.StartAsync(host);
        for (var i = 0; i < 3; i++)
        {
            await LoginTests.LoginAsync(user.Registration, $"nobody-{i}@example.com", "Wrong-Password-1!");
        }
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        Assert.Equal("1", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM security_alerts WHERE kind = 'credential_stuffing'"));
        Assert.Equal("0", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM ip_blocklist"));
    }

    [Theory, EngineData]
    public async Task RefusedRequests_InABurst_RaiseAnAlertAboutTheUser_AndRaiseTheirRiskScore(string engine)
    {
        using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Security:AccessDeniedPerUser"] = "3", ["Security:AccessDeniedPerIp"] = "1000" });
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var prober = await KycFlow.StartAsync(host, "user", "BRA");

        // Two refusals: signals, no alert yet. Not found (another user's object) and unauthenticated answers are not refusals.
        Assert.Equal(HttpStatusCode.Forbidden, (await prober.Client.GetAsync("/api/v1/admin/users/list_users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await prober.Client.GetAsync("/api/v1/admin/audit/get_audit_trail")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/api/v1/admin/users/list_users")).StatusCode);
        await WaitForAsync(host, $"SELECT COUNT(*) FROM security_events WHERE kind = 'access_denied' AND user_code = '{prober.UserCode}'", "2");
        Assert.Equal("2", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM security_events WHERE kind = 'access_denied'"));
        Assert.Equal("0", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM security_alerts WHERE kind = 'access_denied_burst'"));
        Assert.Equal("GET /api/v1/admin/audit/get_audit_trail",
            KycFlowTests.Scalar(host, $"SELECT subject FROM security_events WHERE kind = 'access_denied' AND user_code = '{prober.UserCode}' ORDER BY occurred_at DESC, id DESC"));

        // The third within the window: a medium alert about the user, once, however many follow.
        Assert.Equal(HttpStatusCode.Forbidden, (await prober.Client.GetAsync("/api/v1/admin/reports/kyc/get_kyc_report")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await prober.Client.GetAsync("/api/v1/admin/users/list_users")).StatusCode);
        await WaitForAsync(host, $"SELECT COUNT(*) FROM security_events WHERE kind = 'access_denied' AND user_code = '{prober.UserCode}'", "4");
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM security_alerts WHERE kind = 'access_denied_burst' AND user_code = '{prober.UserCode}'"));
        Assert.Equal("medium", KycFlowTests.Scalar(host, $"SELECT severity FROM security_alerts WHERE kind = 'access_denied_burst' AND user_code = '{prober.UserCode}'"));
        Assert.Equal("0", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM ip_blocklist"));

        // 4 refusals x 2 + 1 open alert x 10; the user is still served what they may reach.
        var detail = await KycFlow.OkJsonAsync(await super.Client.GetAsync($"/api/v1/admin/users/get_user/{prober.UserCode}"));
        Assert.Equal(18, detail.GetProperty("risk_score").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await prober.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
    }

    [Fact]
    public async Task ARefusalRaisedInsideAHandler_IsRecordedWithItsRoutePattern()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var admin = await KycFlow.StartAsync(host, "admin", "RTE1");
        var peer = await KycFlow.StartAsync(host, "admin", "RTE1");

        // The policy lets an admin in; the handler's hierarchy check refuses acting on a peer.
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Client.PostAsJsonAsync("/api/v1/admin/block/block_user", new { user_code = peer.UserCode, reason = "x" })).StatusCode);

        await WaitForAsync(host, $"SELECT COUNT(*) FROM security_events WHERE kind = 'access_denied' AND user_code = '{admin.UserCode}'", "1");
        Assert.Equal("POST /api/v1/admin/block/block_user",
            KycFlowTests.Scalar(host, $"SELECT subject FROM security_events WHERE kind = 'access_denied' AND user_code = '{admin.UserCode}'"));
    }

    /// <summary>Refusals are reported after the answer is sent; wait (briefly) until the database shows them.</summary>
    private static async Task WaitForAsync(ApiHost host, string sql, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (KycFlowTests.Scalar(host, sql) != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {expected} from: {sql}");
            await Task.Delay(50);
        }
    }
}
