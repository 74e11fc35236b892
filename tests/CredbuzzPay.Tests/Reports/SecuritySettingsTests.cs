using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Reports;

public sealed class SecuritySettingsTests
{
    [Theory, EngineData]
    public async Task Settings_ChooseTheSecondFactor_RestrictStaffAddresses_AndNewDevicesAreReported(string engine)
    {
        var host = ApiHost.For(engine);
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var admin = await KycFlow.StartAsync(host, "admin", "BRS");
        var user = await KycFlow.StartAsync(host, "user", "BRS");
        var other = await KycFlow.StartAsync(host, "user", "BRS");

        // The user's own settings: defaults, then the second factor by email.
        var mine = await KycFlow.OkJsonAsync(await user.Client.GetAsync($"/api/v1/security/settings/{user.UserCode}"));
        Assert.Equal("sms", mine.GetProperty("two_factor_channel").GetString());
        Assert.True(mine.GetProperty("new_device_alerts").GetBoolean());
        await KycFlow.OkJsonAsync(await user.Client.PostAsJsonAsync($"/api/v1/security/settings/{user.UserCode}", new { two_factor_channel = "email" }));
        await RegistrationFlow.ProblemAsync(await user.Client.PostAsJsonAsync($"/api/v1/security/settings/{user.UserCode}", new { ip_allow_list = new[] { "10.0.0.0/8" } }), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/v1/security/settings/{user.UserCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync($"/api/v1/security/settings/{user.UserCode}")).StatusCode);

        var emailsBefore = host.PickupMessages().Count(m => m.GetProperty("to").GetString() == user.Registration.Email);
        var login = await LoginTests.LoginAsync(user.Registration, user.Registration.Email, RegistrationFlow.Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var requestId = (await login.JsonAsync()).GetProperty("request_id").GetString();
        var code = await user.CodeSentToAsync(user.Registration.Email, emailsBefore + 1);
        // Signing in from another browser: a new device, reported and told to the user.
        var client = host.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/auth/verify_login_otp", new { request_id = requestId, otp = code })).StatusCode);
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == user.Registration.Email
            && m.GetProperty("body").GetString()!.Contains("signed in to from Safari", StringComparison.Ordinal));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM security_alerts WHERE kind = 'new_device_login' AND user_code = '{user.UserCode}'"));

        // A super_admin restricts where an admin may sign in from; from elsewhere the admin is refused like a wrong password.
        await KycFlow.OkJsonAsync(await super.Client.PostAsJsonAsync($"/api/v1/security/settings/{admin.UserCode}", new { ip_allow_list = new[] { "10.0.0.0/8" } }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginTests.LoginAsync(admin.Registration, admin.Registration.Email, RegistrationFlow.Password, "admin_panel")).StatusCode);
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM login_activity WHERE outcome = 'ip_not_allowed' AND user_id = (SELECT id FROM users WHERE user_code = '{admin.UserCode}')"));
        await KycFlow.OkJsonAsync(await super.Client.PostAsJsonAsync($"/api/v1/security/settings/{admin.UserCode}", new { ip_allow_list = new[] { "127.0.0.1", "::1" } }));
        await LoginTests.SignInAsync(admin.Registration, admin.Registration.Email, "admin_panel");
        // An admin sees only their branch: a super_admin elsewhere is not in reach (404); a peer admin of the same branch is visible but not theirs (403, as docs/access-control.md says).
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.PostAsJsonAsync($"/api/v1/security/settings/{super.UserCode}", new { new_device_alerts = false })).StatusCode);
        var peerAdmin = await KycFlow.StartAsync(host, "admin", "BRS");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Client.PostAsJsonAsync($"/api/v1/security/settings/{peerAdmin.UserCode}", new { new_device_alerts = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync($"/api/v1/security/settings/{peerAdmin.UserCode}")).StatusCode);
        Assert.Equal("3", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'security.settings_changed' AND target_id IN ('{user.UserCode}', '{admin.UserCode}')"));

        var detail = await KycFlow.OkJsonAsync(await super.Client.GetAsync($"/api/v1/admin/users/get_user/{user.UserCode}"));
        Assert.Equal(10, detail.GetProperty("risk_score").GetInt32()); // one open alert
    }
}
