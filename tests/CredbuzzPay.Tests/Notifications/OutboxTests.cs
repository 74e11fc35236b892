using System.Globalization;
using System.Text;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Notifications;
using CredbuzzPay.Tests.Infrastructure;
using LinqToDB.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Notifications;

public sealed class OutboxTests
{
    private static readonly Dictionary<string, string?> NoScheduler = new() { ["Jobs:Enabled"] = "false" };

    [Theory, EngineData]
    public async Task CommittedMessage_IsDeliveredToThePickupFileByTheScheduledDispatcher(string engine)
    {
        var host = ApiHost.For(engine);
        var to = $"user-{Guid.NewGuid():N}@example.com";

        var id = await EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Email(to, "Your code", "Use 123456 to sign in."), commit: true);

        var line = await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == to);
        Assert.Equal("email", line.GetProperty("channel").GetString());
        Assert.Equal("Your code", line.GetProperty("subject").GetString());
        Assert.Equal("Use 123456 to sign in.", line.GetProperty("body").GetString());
        var created = DateTime.Parse(line.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(DateTimeKind.Utc, created.Kind);
        Assert.InRange(created, DateTime.UtcNow.AddMinutes(-2), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(["channel", "to", "subject", "body", "created_at"], line.EnumerateObject().Select(p => p.Name));

        await WaitUntilAsync(() => Status(host.Database, id) == "sent");
        Assert.Equal(0L, Count(host.Database, $"SELECT COUNT(*) FROM outbox_messages WHERE {IdEquals(host.Database, id)} AND payload IS NOT NULL"));
    }

    [Theory, EngineData]
    public async Task CommittingAMessage_WakesTheDispatcher_WithThePollAnHourAway(string engine)
    {
        // The poll runs once at start and then hourly: only the wake on commit can deliver within the wait.
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Notifications:Outbox:PollIntervalSeconds"] = "3600" });
        await Task.Delay(TimeSpan.FromSeconds(1));
        var to = $"wake-{Guid.NewGuid():N}@example.com";
        await using (var db = host.DbFactory.Create())
        {
            await using var transaction = await db.BeginTransactionAsync();
            await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(db, OutgoingMessage.Email(to, "Code", "Use 424242."));
            // Queued but not committed: nothing is woken, nothing is sent.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(0, host.MessagesTo(to));
            await transaction.CommitAsync();
        }
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == to, TimeSpan.FromSeconds(10));

        // Through HTTP: a registration's two codes arrive as its answer does, each once.
        var flow = new CredbuzzPay.Tests.Identity.RegistrationFlow(host);
        await flow.InitiateAsync();
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == flow.Mobile, TimeSpan.FromSeconds(10));
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == flow.Email, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, host.MessagesTo(to));
        Assert.Equal(1, host.MessagesTo(flow.Mobile));
        Assert.Equal(1, host.MessagesTo(flow.Email));
        Assert.Equal(0L, Count(host.Database, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'pending'"));
    }

    [Theory, EngineData]
    public async Task SmsMessage_ReachesThePickupFileWithoutSubject(string engine)
    {
        var host = ApiHost.For(engine);
        var to = "+9198" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(10000000, 99999999).ToString(CultureInfo.InvariantCulture);

        await EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Sms(to, "CredbuzzPay code 654321"), commit: true);

        var line = await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == to);
        Assert.Equal("sms", line.GetProperty("channel").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, line.GetProperty("subject").ValueKind);
    }

    [Theory, EngineData]
    public async Task RolledBackMessage_IsNeverStored(string engine)
    {
        var host = ApiHost.For(engine);

        var id = await EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Email("never@example.com", "x", "y"), commit: false);

        Assert.Null(Status(host.Database, id));
    }

    [Theory, EngineData]
    public async Task QueuedMessage_IsEncryptedAtRestAndShowsOnlyAMask(string engine)
    {
        await using var host = new ApiHost(engine, NoScheduler);
        var to = "secret.person@example.com";

        var id = await EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Email(to, "Reset", "Reset code 918273"), commit: true);

        using (var connection = host.Database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT payload, recipient_mask FROM outbox_messages WHERE {IdEquals(host.Database, id)}";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            var payload = (byte[])reader.GetValue(0);
            var raw = Encoding.UTF8.GetString(payload);
            Assert.DoesNotContain("918273", raw, StringComparison.Ordinal);
            Assert.DoesNotContain("secret.person", raw, StringComparison.Ordinal);
            Assert.Equal("s***********n@example.com", reader.GetString(1));
        }

        Assert.Equal(1, await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));
        Assert.Equal("Reset code 918273", (await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == to)).GetProperty("body").GetString());
    }

    [Theory, EngineData]
    public async Task FailingDelivery_BacksOffExponentially_ThenGivesUpAndErasesThePayload(string engine)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var closedPort = ClosedPort();
        await using var host = new ApiHost(engine, new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "false",
            ["Notifications:Mode"] = "send",
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = closedPort.ToString(CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Security"] = "None",
            ["Notifications:Smtp:TimeoutSeconds"] = "5",
            ["Notifications:Outbox:MaxAttempts"] = "3",
            ["Notifications:Outbox:BaseBackoffSeconds"] = "60",
        }, services => services.AddSingleton<TimeProvider>(clock));
        var dispatcher = host.Services.GetRequiredService<OutboxDispatcher>();
        var id = await EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Email("retry.me@example.com", "Hi", "Body"), commit: true);

        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(1L, Attempts(host.Database, id));
        Assert.Equal("pending", Status(host.Database, id));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(1L, Attempts(host.Database, id));

        clock.Advance(TimeSpan.FromSeconds(40));
        await dispatcher.DispatchDueAsync(CancellationToken.None);
        Assert.Equal(1L, Attempts(host.Database, id));

        clock.Advance(TimeSpan.FromSeconds(40));
        await dispatcher.DispatchDueAsync(CancellationToken.None);
        Assert.Equal(2L, Attempts(host.Database, id));

        clock.Advance(TimeSpan.FromMinutes(5));
        await dispatcher.DispatchDueAsync(CancellationToken.None);
        Assert.Equal(3L, Attempts(host.Database, id));
        Assert.Equal("dead", Status(host.Database, id));
        Assert.Equal(1L, Count(host.Database, $"SELECT COUNT(*) FROM outbox_messages WHERE {IdEquals(host.Database, id)} AND payload IS NULL"));
        var error = (string)host.Database.Scalar($"SELECT last_error FROM outbox_messages WHERE {IdEquals(host.Database, id)}")!;
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.DoesNotContain("retry.me", error, StringComparison.Ordinal);
    }

    [Theory, EngineData]
    public async Task ConcurrentDispatchers_DeliverEachMessageExactlyOnce(string engine)
    {
        await using var host = new ApiHost(engine, NoScheduler);
        var batch = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 30; i++)
        {
            await EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Email($"m{i}-{batch}@example.com", "n", $"#{i}"), commit: true);
        }
        var dispatcher = host.Services.GetRequiredService<OutboxDispatcher>();

        var delivered = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => dispatcher.DispatchDueAsync(CancellationToken.None))));

        Assert.Equal(30, delivered.Sum());
        var lines = host.PickupMessages().Where(m => m.GetProperty("to").GetString()!.EndsWith($"-{batch}@example.com", StringComparison.Ordinal)).ToList();
        Assert.Equal(30, lines.Count);
        Assert.Equal(30, lines.Select(m => m.GetProperty("to").GetString()).Distinct().Count());
    }

    [Theory, EngineData]
    public async Task Cleanup_RemovesDeliveredMessagesPastRetention_AndKeepsPendingOnes(string engine)
    {
        await using var host = new ApiHost(engine, NoScheduler);
        var sent = await EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Email("old@example.com", "a", "b"), commit: true);
        Assert.Equal(1, await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));
        var pending = await EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Email("waiting@example.com", "a", "b"), commit: true);
        var cleanup = host.Services.GetServices<CredbuzzPay.Api.Platform.Jobs.ICleanupTask>().Single(t => t.Name == "outbox");

        var early = await cleanup.CleanAsync(DateTime.UtcNow.AddDays(6), CancellationToken.None);
        var late = await cleanup.CleanAsync(DateTime.UtcNow.AddDays(8), CancellationToken.None);

        Assert.Equal(0, early);
        Assert.Equal(1, late);
        Assert.Null(Status(host.Database, sent));
        Assert.Equal("pending", Status(host.Database, pending));
    }

    internal static async Task<Guid> EnqueueAsync(AppDbFactory factory, IServiceProvider services, OutgoingMessage message, bool commit)
    {
        await using var db = factory.Create();
        await using var transaction = await db.BeginTransactionAsync();
        var id = await services.GetRequiredService<IOutbox>().EnqueueAsync(db, message);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
        return id;
    }

    internal static string IdEquals(TestDatabase database, Guid id) => database.Engine switch
    {
        TestEngines.Postgres => $"id = '{id}'",
        TestEngines.MySql => $"id = '{id}'",
        _ => $"id = X'{Convert.ToHexString(id.ToByteArray())}'",
    };

    internal static string? Status(TestDatabase database, Guid id) =>
        database.Scalar($"SELECT status FROM outbox_messages WHERE {IdEquals(database, id)}") as string;

    private static long Attempts(TestDatabase database, Guid id) =>
        Count(database, $"SELECT attempts FROM outbox_messages WHERE {IdEquals(database, id)}");

    private static long Count(TestDatabase database, string sql) => Convert.ToInt64(database.Scalar(sql), CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(condition());
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
