using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Notifications;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Npgsql;

namespace CredbuzzPay.Tests.Platform;

/// <summary>The database server goes away while the service runs, then comes back: 503s meanwhile, never a 500 or a hang; then service resumes.</summary>
public sealed class DatabaseOutageTests
{
    [ServerEngineTheory, ServerEngineData]
    public async Task DatabaseGoingAway_Answers503_ReadySaysSo_AndServiceResumesWithoutARestart(string engine)
    {
        using var database = TestDatabase.Create(engine);
        var (server, port) = engine == TestEngines.Postgres
            ? (new NpgsqlConnectionStringBuilder(database.ConnectionString).Host!, new NpgsqlConnectionStringBuilder(database.ConnectionString).Port)
            : (new MySqlConnectionStringBuilder(database.ConnectionString).Server, (int)new MySqlConnectionStringBuilder(database.ConnectionString).Port);
        await using var proxy = new TcpFaultProxy(server, port);
        var throughProxy = engine == TestEngines.Postgres
            ? new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 5 }.ConnectionString
            : new MySqlConnectionStringBuilder(database.ConnectionString) { Server = "127.0.0.1", Port = (uint)proxy.Port, ConnectionTimeout = 5 }.ConnectionString;
        await using var host = new ApiHost(database, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = throughProxy,
            ["Database:CommandTimeoutSeconds"] = "10",
        });
        var user = await KycFlow.StartAsync(host);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        // Due in a few seconds: only the scheduled poll can deliver it (no wake), so its delivery shows the jobs came back.
        var to = $"after-outage-{Guid.NewGuid():N}@example.com";
        await using (var db = host.DbFactory.Create())
        {
            await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(db, OutgoingMessage.Email(to, "Later", "Sent after the outage.") with { NotBefore = DateTime.UtcNow.AddSeconds(3) });
        }

        await proxy.CutAsync();

        // Every kind of request answers 503 problem+json with Retry-After, within the connect timeout, and nothing hangs.
        var requests = new Func<Task<HttpResponseMessage>>[]
        {
            () => user.Client.GetAsync("/api/v1/user/profile/my_profile"),
            () => anonymous.PostAsync("/api/v1/auth/login", JsonContent("{\"email_or_mobile\":\"" + user.Registration.Email + "\",\"password\":\"" + RegistrationFlow.Password + "\"}")),
            () => new RegistrationFlow(host).InitiateRawAsync(new { email = $"outage-{Guid.NewGuid():N}@example.com", mobile = "9" + KycFlow.RandomDigits(9), password = RegistrationFlow.Password }),
            () => user.Client.PostAsync("/api/v1/privacy/grievances/", JsonContent("{\"subject\":\"Outage\",\"details\":\"Written while the database is away.\"}")),
        };
        foreach (var send in requests)
        {
            var watch = Stopwatch.StartNew();
            using var answer = await send();
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)answer.StatusCode}: {body}");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.Equal("database_unavailable", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
            Assert.NotNull(answer.Headers.RetryAfter);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"answered after {watch.Elapsed}");
        }
        using (var ready = await anonymous.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("unhealthy", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(4));

        proxy.Restore();

        // Without a restart: the same token reads again, the poll delivers the message due during the outage, a new registration completes.
        await WaitAsync(async () => (await anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK);
        await WaitAsync(async () => (await user.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode == HttpStatusCode.OK);
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == to, TimeSpan.FromSeconds(60));
        var fresh = new RegistrationFlow(host);
        await fresh.CompleteAsync();
        Assert.Equal(1, host.MessagesTo(to));
        // Nothing was half-written while it was away: the grievance and the registrations refused then do not exist.
        Assert.Equal("0", Convert.ToString(database.Scalar("SELECT COUNT(*) FROM privacy_grievances"), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The service did not come back within a minute of the database.");
    }
}
