using System.Net;
using System.Security.Claims;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Audit.Features.VerifyChain;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Tests.Infrastructure;
using LinqToDB.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Audit;

/// <summary>
/// The audit trail on each engine. Each test has a database of its own, because it counts rows and
/// some tests tamper with them on purpose.
/// </summary>
public sealed class AuditTrailTests
{
    [Theory, EngineData]
    public async Task Appends_FormAnIntactChain_WithRedactedDetail(string engine)
    {
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });

        for (var i = 1; i <= 5; i++)
        {
            await RecordAsync(host, new AuditEvent("test.event", "thing", $"T{i}", new { n = i, password = "Hunter2!x", note = "aadhaar 2345 6789 0123", nested = new { otp_code = "123456" } }));
        }

        var report = await host.Services.GetRequiredService<AuditChainVerifier>().VerifyAsync();
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(5, report.RowsChecked);
        var detail = (string)host.Database.Scalar("SELECT detail FROM audit_trail WHERE sequence = 3")!;
        Assert.Contains("\"n\":3", detail, StringComparison.Ordinal);
        Assert.Contains("\"password\":\"[REDACTED]\"", detail, StringComparison.Ordinal);
        Assert.Contains("\"otp_code\":\"[REDACTED]\"", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Hunter2", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("2345 6789 0123", detail, StringComparison.Ordinal);
        Assert.Equal("system", host.Database.Scalar("SELECT actor FROM audit_trail WHERE sequence = 1"));
    }

    [Theory, EngineData]
    public async Task ConcurrentAppends_GetGaplessSequencesAndTheChainHolds(string engine)
    {
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });

        await Task.WhenAll(Enumerable.Range(1, 24).Select(i => Task.Run(() => RecordAsync(host, new AuditEvent("test.concurrent", "thing", $"C{i}")))));

        var report = await host.Services.GetRequiredService<AuditChainVerifier>().VerifyAsync();
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(24, report.RowsChecked);
        Assert.Equal(24L, Convert.ToInt64(host.Database.Scalar("SELECT MAX(sequence) FROM audit_trail"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory, EngineData]
    public async Task EditingARow_IsReportedAtThatRow_AndTheCommandExits1(string engine)
    {
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });
        for (var i = 1; i <= 4; i++)
        {
            await RecordAsync(host, new AuditEvent("test.event", "thing", $"E{i}", new { amount = i * 100 }));
        }
        var command = host.Services.GetServices<ICliCommand>().Single(c => c.Name == "verify-audit");
        Assert.Equal(0, await command.RunAsync(EmptyOptions, CancellationToken.None));

        host.Database.Execute("UPDATE audit_trail SET detail = '{\"amount\":1}' WHERE sequence = 3");

        var report = await host.Services.GetRequiredService<AuditChainVerifier>().VerifyAsync();
        Assert.False(report.Intact);
        Assert.Equal(3, report.FirstBrokenSequence);
        Assert.Equal(2, report.RowsChecked);
        Assert.Equal(1, await command.RunAsync(EmptyOptions, CancellationToken.None));
    }

    [Theory, EngineData]
    public async Task DeletingRows_InTheMiddleOrAtTheEnd_IsDetected(string engine)
    {
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });
        for (var i = 1; i <= 4; i++)
        {
            await RecordAsync(host, new AuditEvent("test.event", "thing", $"D{i}"));
        }
        var verifier = host.Services.GetRequiredService<AuditChainVerifier>();

        host.Database.Execute("DELETE FROM audit_trail WHERE sequence = 4");
        var truncated = await verifier.VerifyAsync();
        host.Database.Execute("DELETE FROM audit_trail WHERE sequence = 2");
        var gap = await verifier.VerifyAsync();

        Assert.False(truncated.Intact);
        Assert.Equal(4, truncated.FirstBrokenSequence);
        Assert.False(gap.Intact);
        Assert.Equal(2, gap.FirstBrokenSequence);
    }

    /// <summary>
    /// Someone with write access to the database cuts off the newest rows and moves the head back to
    /// the last one left: the chain is self-consistent again, but the head recorded earlier outside the
    /// database shows it.
    /// </summary>
    [Theory, EngineData]
    public async Task ACutOffTailWithItsHeadMovedBack_IsShownByARecordedAnchor(string engine)
    {
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });
        for (var i = 1; i <= 5; i++)
        {
            await RecordAsync(host, new AuditEvent("test.event", "thing", $"A{i}"));
        }
        var verifier = host.Services.GetRequiredService<AuditChainVerifier>();
        var anchor = (await verifier.VerifyAsync()).Head!;
        Assert.Equal(5, anchor.Sequence);
        Assert.Equal((string)host.Database.Scalar("SELECT hash FROM audit_trail WHERE sequence = 5")!, anchor.Hash);

        var third = (string)host.Database.Scalar("SELECT hash FROM audit_trail WHERE sequence = 3")!;
        host.Database.Execute("DELETE FROM audit_trail WHERE sequence > 3");
        host.Database.Execute($"UPDATE audit_chain_head SET last_sequence = 3, last_hash = '{third}'");

        Assert.True((await verifier.VerifyAsync()).Intact); // the chain alone cannot tell
        var anchored = await verifier.VerifyAsync(anchor);
        Assert.False(anchored.Intact);
        Assert.Equal(4, anchored.FirstBrokenSequence);
        // An anchor naming a row that is there but different is refused too.
        var forged = await verifier.VerifyAsync(new AuditAnchor(2, new string('a', 64)));
        Assert.False(forged.Intact);
        Assert.Equal(2, forged.FirstBrokenSequence);
        // The command: the head it prints is accepted as --anchor, and a bad one is refused.
        var command = host.Services.GetServices<ICliCommand>().Single(c => c.Name == "verify-audit");
        Assert.Equal(1, await command.RunAsync(Options("anchor", anchor.ToString()), CancellationToken.None));
        Assert.Equal(0, await command.RunAsync(Options("anchor", $"3:{third}"), CancellationToken.None));
        Assert.Equal(1, await command.RunAsync(Options("anchor", "3:not-a-hash"), CancellationToken.None));
    }

    private static Microsoft.Extensions.Configuration.IConfiguration Options(string key, string value) =>
        Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(new Microsoft.Extensions.Configuration.ConfigurationBuilder(), new Dictionary<string, string?> { [key] = value }).Build();

    [Theory, EngineData]
    public async Task RolledBackTransaction_LeavesNoAuditRow(string engine)
    {
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });
        await RecordAsync(host, new AuditEvent("test.kept"));

        using (var scope = host.Services.CreateScope())
        {
            await using var db = scope.ServiceProvider.GetRequiredService<AppDbFactory>().Create();
            await using var transaction = await db.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordAsync(db, new AuditEvent("test.rolled_back"));
            await transaction.RollbackAsync();
        }
        await RecordAsync(host, new AuditEvent("test.after"));

        Assert.Equal(0L, Count(host, "SELECT COUNT(*) FROM audit_trail WHERE action = 'test.rolled_back'"));
        Assert.Equal(2L, Count(host, "SELECT MAX(sequence) FROM audit_trail"));
        Assert.True((await host.Services.GetRequiredService<AuditChainVerifier>().VerifyAsync()).Intact);
    }

    [Fact]
    public async Task DuringARequest_TheRowCarriesActorAddressAgentAndCorrelationId()
    {
        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });
        var http = new DefaultHttpContext { TraceIdentifier = "corr-audit-1" };
        http.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
        http.Request.Headers.UserAgent = "AuditTest/1.0";
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("user_code", "ZX81AB")], "test"));
        host.Services.GetRequiredService<IHttpContextAccessor>().HttpContext = http;

        await RecordAsync(host, new AuditEvent("user.updated", "user", "QW12ER"));

        using var connection = host.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT actor, ip_address, user_agent, correlation_id, target_type, target_id FROM audit_trail WHERE action = 'user.updated'";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(["ZX81AB", "203.0.113.9", "AuditTest/1.0", "corr-audit-1", "user", "QW12ER"], Enumerable.Range(0, 6).Select(reader.GetString));
    }

    private static readonly Microsoft.Extensions.Configuration.IConfiguration EmptyOptions =
        new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

    private static async Task RecordAsync(ApiHost host, AuditEvent auditEvent)
    {
        using var scope = host.Services.CreateScope();
        await using var db = scope.ServiceProvider.GetRequiredService<AppDbFactory>().Create();
        await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordAsync(db, auditEvent);
    }

    private static long Count(ApiHost host, string sql) =>
        Convert.ToInt64(host.Database.Scalar(sql), System.Globalization.CultureInfo.InvariantCulture);
}
