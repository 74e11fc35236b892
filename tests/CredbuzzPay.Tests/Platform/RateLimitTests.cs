using System.Net;

namespace CredbuzzPay.Tests.Platform;

public sealed class RateLimitTests
{
    [Fact]
    public async Task TooManyRequestsFromOneAddress_Answer429ProblemWithRetryAfter()
    {
        await using var host = await ProbeHost.StartAsync(new Dictionary<string, string?> { ["Http:PermitsPerMinutePerIp"] = "3" });
        using var client = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await client.GetAsync("/api/v1/probe/items");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await Infrastructure.HttpJson.JsonAsync(last)).GetProperty("status").GetInt32());
    }
}
