using System.Net;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Platform;

public sealed class HealthTests
{
    [Theory, EngineData]
    public async Task Ready_WithReachableDatabase_Answers200AndNamesTheDatabaseCheck(string engine)
    {
        var host = ApiHost.For(engine);
        using var client = host.CreateClient();

        var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Live_AnswersWithoutAuthentication()
    {
        using var client = ApiHost.For(TestEngines.Sqlite).CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await response.JsonAsync()).GetProperty("status").GetString());
    }
}
