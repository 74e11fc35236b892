using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Audit;

/// <summary>
/// The statistics' running totals: events per day, branch and action, and each actor's last row. Kept
/// in the appending transaction (so they never disagree with the trail) and rebuilt from the trail
/// by the migration that introduced them and after a bulk seed.
/// </summary>
internal static class AuditCounters
{
    /// <summary>The key for rows written by nobody's branch (system, anonymous, staff without one).</summary>
    public static string BranchKey(string? branchCode) => branchCode ?? "";

    public static DateTime DayOf(DateTime instant) => new(instant.Year, instant.Month, instant.Day, 0, 0, 0, DateTimeKind.Utc);

    public static async Task CountAsync(AppDb db, AuditRecord row, CancellationToken cancellationToken)
    {
        var day = DayOf(row.OccurredAt);
        var branch = BranchKey(row.BranchCode);
        var action = row.Action;
        var actor = row.Actor;
        var at = row.OccurredAt;
        await db.GetTable<AuditDailyCount>().InsertOrUpdateAsync(
            () => new AuditDailyCount { Day = day, BranchKey = branch, Action = action, Events = 1 },
            c => new AuditDailyCount { Events = c.Events + 1 }, cancellationToken);
        await db.GetTable<AuditActorLastSeen>().InsertOrUpdateAsync(
            () => new AuditActorLastSeen { BranchKey = branch, Actor = actor, LastAt = at },
            s => new AuditActorLastSeen { LastAt = at }, cancellationToken);
    }

    /// <summary>Recomputes both tables from the trail (call inside a transaction).</summary>
    public static async Task RebuildAsync(AppDb db, CancellationToken cancellationToken)
    {
        foreach (var sql in RebuildSql(db.Provider))
        {
            await db.ExecuteAsync(sql, cancellationToken);
        }
    }

    /// <summary>The statements that recompute the totals from <c>audit_trail</c>, per engine (days are UTC midnights in the engine's instant type).</summary>
    public static IReadOnlyList<string> RebuildSql(DatabaseProvider provider)
    {
        var day = provider switch
        {
            DatabaseProvider.Postgres => "date_trunc('day', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
            DatabaseProvider.MySql => "CAST(DATE(occurred_at) AS DATETIME(6))",
            _ => "substr(occurred_at, 1, 10) || ' 00:00:00.000'",
        };
        return
        [
            "DELETE FROM audit_daily_counts",
            "DELETE FROM audit_actor_last_seen",
            $"INSERT INTO audit_daily_counts (day, branch_key, action, events) SELECT {day}, COALESCE(branch_code, ''), action, COUNT(*) FROM audit_trail GROUP BY {day}, COALESCE(branch_code, ''), action",
            "INSERT INTO audit_actor_last_seen (branch_key, actor, last_at) SELECT COALESCE(branch_code, ''), actor, MAX(occurred_at) FROM audit_trail GROUP BY COALESCE(branch_code, ''), actor",
        ];
    }
}
