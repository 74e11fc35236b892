using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Tests.Infrastructure;
using LinqToDB.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Ledger;

/// <summary>The claim on an Idempotency-Key is fenced by its attempt: past the lease a retry takes an abandoned claim over, and the first attempt can no longer commit.</summary>
public sealed class IdempotencyFenceTests
{
    [Theory, EngineData]
    public async Task AClaimTakenOverPastItsLease_FencesTheFirstAttempt_AndACommittedOneIsNeverRunAgain(string engine)
    {
        // The fake clock moves the lease on, so no step depends on how fast the machine is.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Ledger:IdempotencyLeaseSeconds"] = "60", ["Jobs:Enabled"] = "false" },
            s => s.AddSingleton<TimeProvider>(clock));
        var store = host.Services.GetRequiredService<IdempotencyStore>();
        var key = Guid.NewGuid().ToString();
        const string Owner = "FENCE1";

        var first = await store.ClaimAsync(Owner, key, "hash", CancellationToken.None);
        Assert.Equal(ClaimOutcome.Claimed, first.Outcome);
        // Within the lease the first attempt is taken to be running.
        Assert.Equal(ClaimOutcome.InFlight, (await store.ClaimAsync(Owner, key, "hash", CancellationToken.None)).Outcome);

        clock.Advance(TimeSpan.FromSeconds(61));
        var second = await store.ClaimAsync(Owner, key, "hash", CancellationToken.None);
        Assert.Equal(ClaimOutcome.Claimed, second.Outcome);
        Assert.NotEqual(first.Attempt, second.Attempt);

        // The first attempt comes back: its money transaction is refused and rolls back; its answer and its release touch nothing.
        var a = new HeldClaim(Owner, key, first.Attempt!);
        var b = new HeldClaim(Owner, key, second.Attempt!);
        await using (var db = host.DbFactory.Create())
        {
            await using var transaction = await db.BeginTransactionAsync();
            var refused = await Assert.ThrowsAsync<ApiProblemException>(() => IdempotencyStore.MarkCommittedAsync(db, a, "TXNFIRST", clock.GetUtcNow().UtcDateTime, CancellationToken.None));
            Assert.Equal("idempotency_in_progress", refused.Code);
        }
        await store.CompleteAsync(a, 201, "application/json", null, "{\"stale\":true}");
        await store.ReleaseAsync(a, CancellationToken.None);
        Assert.Equal(second.Attempt, Scalar(host, $"SELECT attempt_id FROM ledger_idempotency WHERE owner = '{Owner}'"));
        Assert.Null(Scalar(host, $"SELECT status_code FROM ledger_idempotency WHERE owner = '{Owner}'"));

        // The second attempt commits; the process stops before its answer is recorded. Past the lease, a retry learns it was carried out.
        await using (var db = host.DbFactory.Create())
        {
            await using var transaction = await db.BeginTransactionAsync();
            await IdempotencyStore.MarkCommittedAsync(db, b, "TXNSECOND", clock.GetUtcNow().UtcDateTime, CancellationToken.None);
            await transaction.CommitAsync();
        }
        // A committed claim is never released, whatever the request did after the commit.
        await store.ReleaseAsync(b, CancellationToken.None);
        Assert.Equal(ClaimOutcome.InFlight, (await store.ClaimAsync(Owner, key, "hash", CancellationToken.None)).Outcome);
        clock.Advance(TimeSpan.FromSeconds(61));
        var retry = await store.ClaimAsync(Owner, key, "hash", CancellationToken.None);
        Assert.Equal(ClaimOutcome.Committed, retry.Outcome);
        Assert.Equal("TXNSECOND", retry.Record!.TransactionId);
        Assert.Equal(ClaimOutcome.Reused, (await store.ClaimAsync(Owner, key, "another", CancellationToken.None)).Outcome);
    }

    private static string? Scalar(ApiHost host, string sql) => host.Database.Scalar(sql) switch
    {
        null or DBNull => null,
        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
