using System.Net;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Reports;

public sealed class SystemTests
{
    [Theory, EngineData]
    public async Task Health_ReportsDatabaseSchedulerOutboxDiskAndUptime(string engine)
    {
        var host = ApiHost.For(engine);
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var health = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/system/health"));
        Assert.Equal("connected", health.GetProperty("database").GetString());
        Assert.Equal("up", health.GetProperty("database_detail").GetProperty("status").GetString());
        Assert.Equal(engine, health.GetProperty("database_detail").GetProperty("provider").GetString());
        Assert.Equal("up", health.GetProperty("scheduler").GetProperty("status").GetString());
        Assert.Equal(engine != "sqlite", health.GetProperty("scheduler").GetProperty("clustered").GetBoolean());
        Assert.True(health.GetProperty("disk").GetProperty("total_bytes").GetInt64() > 0);
        Assert.True(health.GetProperty("uptime_seconds").GetDouble() >= 0);
        Assert.Contains(health.GetProperty("status").GetString(), new[] { "healthy", "degraded" });
    }

    [Fact]
    public async Task ApiStatistics_CountThisNodesRequests_WithPercentilesAndTopEndpoints()
    {
        using var host = new ApiHost(TestEngines.Sqlite);
        var admin = await KycFlow.StartAsync(host, "admin", "HQ");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync($"/api/v1/admin/users/get_user/NOPE{i:00}")).StatusCode);
        }
        var stats = await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/admin/system/api_statistics?hours=1"));
        Assert.True(stats.GetProperty("requests").GetInt64() >= 10);
        Assert.True(stats.GetProperty("client_errors").GetInt64() >= 5);
        Assert.True(stats.GetProperty("p95_ms").GetDouble() >= stats.GetProperty("p50_ms").GetDouble());
        var top = stats.GetProperty("top_endpoints").EnumerateArray().Select(e => e.GetProperty("endpoint").GetString()).ToList();
        Assert.Contains("GET /api/v1/admin/users/get_user/{userCode}", top);
        Assert.DoesNotContain(top, t => t!.Contains("NOPE", StringComparison.Ordinal)); // patterns, never path values
        await RegistrationFlow.ProblemAsync(await admin.Client.GetAsync("/api/v1/admin/system/api_statistics?hours=0"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Metrics_AreServedToAllowedAddressesOnly()
    {
        var open = ApiHost.For(TestEngines.Sqlite);
        var response = await open.CreateClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("http_request_duration_seconds", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var closed = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?> { ["Metrics:AllowedNetworks:0"] = "10.0.0.0/8" });
        Assert.Equal(HttpStatusCode.NotFound, (await closed.CreateClient().GetAsync("/metrics")).StatusCode);
        using var off = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?> { ["Metrics:Enabled"] = "false" });
        Assert.Equal(HttpStatusCode.NotFound, (await off.CreateClient().GetAsync("/metrics")).StatusCode);
    }
}
