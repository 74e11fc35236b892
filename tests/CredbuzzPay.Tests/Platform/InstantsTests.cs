using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Tests.Infrastructure;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Tests.Platform;

/// <summary>
/// The window comparisons the reports use compare stored instants directly (so an index serves them
/// on SQLite too); on every engine they must agree with the plain comparison to the millisecond,
/// across a day boundary.
/// </summary>
public sealed class InstantsTests
{
    [Theory, EngineData]
    public async Task WindowComparisons_AgreeWithTimeOrder_AtTheBoundary(string engine)
    {
        using var host = new ApiHost(engine);
        var bound = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
        var offsets = new[] { -86_400_000, -1000, -1, 0, 1, 999, 86_400_000 };
        await using (var db = host.DbFactory.Create())
        {
            foreach (var ms in offsets)
            {
                await db.InsertAsync(new LoginActivity
                {
                    Id = Guid.CreateVersion7(), IdentifierMask = $"instants-{ms}", Outcome = "failed", Device = "desktop", Browser = "test", Os = "test",
                    OccurredAt = bound.AddMilliseconds(ms),
                });
            }
        }

        await using var read = host.DbFactory.Create();
        var rows = read.GetTable<LoginActivity>().Where(a => a.IdentifierMask.StartsWith("instants-"));
        async Task<string[]> Masks(IQueryable<LoginActivity> query) =>
            (await query.Select(a => a.IdentifierMask).ToListAsync()).Select(m => m["instants-".Length..]).OrderBy(int.Parse).ToArray();

        Assert.Equal(["0", "1", "999", "86400000"], await Masks(rows.Where(a => Instants.AtOrAfter(a.OccurredAt, bound))));
        Assert.Equal(["1", "999", "86400000"], await Masks(rows.Where(a => Instants.After(a.OccurredAt, bound))));
        Assert.Equal(["-86400000", "-1000", "-1"], await Masks(rows.Where(a => Instants.Before(a.OccurredAt, bound))));
        Assert.Equal(["-86400000", "-1000", "-1", "0"], await Masks(rows.Where(a => Instants.AtOrBefore(a.OccurredAt, bound))));
        // A window [bound - 1 s, bound + 1 s) and the engine's own comparison agree.
        var from = bound.AddSeconds(-1);
        var to = bound.AddSeconds(1);
        Assert.Equal(["-1000", "-1", "0", "1", "999"], await Masks(rows.Where(a => Instants.AtOrAfter(a.OccurredAt, from) && Instants.Before(a.OccurredAt, to))));
        Assert.Equal(await Masks(rows.Where(a => a.OccurredAt >= from && a.OccurredAt < to)),
            await Masks(rows.Where(a => Instants.AtOrAfter(a.OccurredAt, from) && Instants.Before(a.OccurredAt, to))));
        // Distinct counts as one aggregate.
        Assert.Equal(7, await rows.Select(a => Aggregates.CountDistinct(a.IdentifierMask)).FirstAsync());
        Assert.Equal(1, await rows.Select(a => Aggregates.CountDistinct(a.Outcome)).FirstAsync());
    }
}
