using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Platform;

/// <summary>
/// X-Forwarded-For is a claim the client makes about itself: believed only from a proxy listed in
/// Http:TrustedProxies (none by default). Each test spoofs it from 127.0.0.1 against one of the
/// controls that read the client address.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Spoofed = "203.0.113.77";

    [Fact]
    public async Task SpoofedAddresses_DoNotEscapeTheSignInLimit_AndAreNeverRecorded()
    {
        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?> { ["Identity:AuthPermitsPerMinutePerIp"] = "3" });
        using var client = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
            {
                Content = JsonContent.Create(new { email_or_mobile = "nobody@example.com", password = "Wrong-Pass#1" }),
            };
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("3", Scalar(host, "SELECT COUNT(*) FROM login_activity WHERE ip_address = '127.0.0.1'"));
        Assert.Equal("0", Scalar(host, "SELECT COUNT(*) FROM login_activity WHERE ip_address LIKE '198.51.100.%'"));
        Assert.Equal("0", Scalar(host, "SELECT COUNT(*) FROM audit_trail WHERE ip_address LIKE '198.51.100.%'"));
        Assert.DoesNotContain("198.51.100.", host.ReadLog("api"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpoofedAddresses_DoNotPassTheStaffAllowListTheBlocklistOrTheMetricsGate()
    {
        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?>
        {
            ["Metrics:Enabled"] = "true",
            ["Metrics:AllowedNetworks:0"] = "10.0.0.0/8",
        });
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var admin = await KycFlow.StartAsync(host, "admin", "HQ");
        await KycFlow.OkJsonAsync(await super.Client.PostAsJsonAsync($"/api/v1/security/settings/{admin.UserCode}", new { ip_allow_list = new[] { "10.1.2.3" } }));

        // The admin claims to come from the allowed address: refused like a wrong password, recorded with the real one.
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email_or_mobile = admin.Registration.Email, password = RegistrationFlow.Password, platform = "admin_panel" }),
        };
        login.Headers.Add("X-Forwarded-For", "10.1.2.3");
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.Registration.Client.SendAsync(login)).StatusCode);
        Assert.Equal("127.0.0.1", Scalar(host, $"SELECT ip_address FROM login_activity WHERE outcome = 'ip_not_allowed' AND user_id = (SELECT id FROM users WHERE user_code = '{admin.UserCode}')"));

        // The metrics gate allows 10.0.0.0/8 only; claiming an address in it from loopback changes nothing.
        using var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        metrics.Headers.Add("X-Forwarded-For", "10.9.9.9");
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().SendAsync(metrics)).StatusCode);

        // A blocked address stays blocked whatever it claims to be.
        await KycFlow.OkJsonAsync(await super.Client.PostAsJsonAsync("/api/v1/admin/security/ip_blocklist", new { ip_address = "127.0.0.1", reason = "test" }), HttpStatusCode.Created);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        do
        {
            using var probe = new HttpRequestMessage(HttpMethod.Get, "/health/live");
            probe.Headers.Add("X-Forwarded-For", Spoofed);
            status = (await host.CreateClient().SendAsync(probe)).StatusCode;
            await Task.Delay(100);
        }
        while (status != HttpStatusCode.Forbidden && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("0", Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE ip_address = '{Spoofed}'"));
    }

    [Fact]
    public async Task AConfiguredProxy_IsBelieved_AndOnlyForTheHopsItVouchesFor()
    {
        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?> { ["Http:TrustedProxies:0"] = "127.0.0.1" });
        var flow = new RegistrationFlow(host);
        await flow.CompleteAsync();

        // The proxy (127.0.0.1) appended the address it saw, 198.51.100.9; what that client claimed before it (192.0.2.1)
        // nobody trusted vouches for, so the nearest untrusted hop is the client.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email_or_mobile = flow.Email, password = "Wrong-Pass#1" }),
        };
        request.Headers.Add("X-Forwarded-For", "192.0.2.1, 198.51.100.9");
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.Client.SendAsync(request)).StatusCode);

        Assert.Equal("198.51.100.9", Scalar(host, $"SELECT ip_address FROM login_activity WHERE identifier_mask <> '' AND outcome = 'bad_password' ORDER BY occurred_at DESC LIMIT 1"));
    }

    private static string? Scalar(ApiHost host, string sql) => Convert.ToString(host.Database.Scalar(sql), CultureInfo.InvariantCulture);
}
