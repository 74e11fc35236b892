using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Audit;

/// <summary>
/// The reports' running totals kept from the trail: events per day, branch and action, events per hour
/// and branch (peak hours), each actor's
/// last row, and the registration funnel (each registrant's first submission per KYC section and full
/// verification). Kept in the appending transaction (so they never disagree with the trail) and
/// rebuilt from the trail by the migrations that introduced them and after a bulk seed.
/// </summary>
internal static class AuditCounters
{
    /// <summary>The key for rows written by nobody's branch (system, anonymous, staff without one).</summary>
    public static string BranchKey(string? branchCode) => branchCode ?? "";

    public static async Task CountAsync(AppDb db, AuditRecord row, CancellationToken cancellationToken)
    {
        var day = Instants.UtcDay(row.OccurredAt);
        var branch = BranchKey(row.BranchCode);
        var action = row.Action;
        var actor = row.Actor;
        var at = row.OccurredAt;
        await db.GetTable<AuditDailyCount>().InsertOrUpdateAsync(
            () => new AuditDailyCount { Day = day, BranchKey = branch, Action = action, Events = 1 },
            c => new AuditDailyCount { Events = c.Events + 1 }, cancellationToken);
        var hour = new DateTime(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc);
        await db.GetTable<AuditHourlyCount>().InsertOrUpdateAsync(
            () => new AuditHourlyCount { Hour = hour, BranchKey = branch, Events = 1 },
            c => new AuditHourlyCount { Events = c.Events + 1 }, cancellationToken);
        await db.GetTable<AuditActorLastSeen>().InsertOrUpdateAsync(
            () => new AuditActorLastSeen { BranchKey = branch, Actor = actor, LastAt = at },
            s => new AuditActorLastSeen { LastAt = at }, cancellationToken);
        await FunnelAsync(db, row, cancellationToken);
    }

    private static readonly string[] Sections = ["aadhaar", "pan", "business", "bank"];

    private static async Task FunnelAsync(AppDb db, AuditRecord row, CancellationToken cancellationToken)
    {
        if (row.TargetType != "user" || row.TargetId is not { } user)
        {
            return;
        }
        var at = row.OccurredAt;
        var funnel = db.GetTable<RegistrationFunnelRow>().Where(f => f.UserCode == user);
        switch (row.Action)
        {
            case "user.registered" when !await funnel.AnyAsync(cancellationToken):
                await db.InsertAsync(new RegistrationFunnelRow { UserCode = user, RegisteredAt = at }, token: cancellationToken);
                break;
            case "kyc.submitted" or "kyc.resubmitted" when DetailText(row.Detail, "section") is { } section && Sections.Contains(section):
                await (section switch
                {
                    "aadhaar" => funnel.Where(f => f.AadhaarAt == null).Set(f => f.AadhaarAt, at),
                    "pan" => funnel.Where(f => f.PanAt == null).Set(f => f.PanAt, at),
                    "business" => funnel.Where(f => f.BusinessAt == null).Set(f => f.BusinessAt, at),
                    _ => funnel.Where(f => f.BankAt == null).Set(f => f.BankAt, at),
                }).UpdateAsync(cancellationToken);
                break;
            case "kyc.approved" when DetailText(row.Detail, "kyc_status") == "verified":
                await funnel.Where(f => f.VerifiedAt == null).Set(f => f.VerifiedAt, at).UpdateAsync(cancellationToken);
                break;
        }
    }

    private static string? DetailText(string? detail, string property)
    {
        if (detail is null)
        {
            return null;
        }
        using var json = System.Text.Json.JsonDocument.Parse(detail);
        return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && json.RootElement.TryGetProperty(property, out var value)
            && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>Recomputes every table from the trail (call inside a transaction).</summary>
    public static async Task RebuildAsync(AppDb db, CancellationToken cancellationToken)
    {
        await db.ExecuteEachAsync(RebuildSql(db.Provider).Concat(HourlyRebuildSql(db.Provider)).Concat(FunnelRebuildSql()), cancellationToken);
    }

    /// <summary>The statements that recompute the daily counts and last rows from <c>audit_trail</c>, per engine (days are UTC midnights in the engine's instant type).</summary>
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

    /// <summary>The statements that recompute the hourly counts from <c>audit_trail</c>, per engine (hours are UTC, in the engine's instant type).</summary>
    public static IReadOnlyList<string> HourlyRebuildSql(DatabaseProvider provider)
    {
        var hour = provider switch
        {
            DatabaseProvider.Postgres => "date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
            DatabaseProvider.MySql => "CAST(DATE_FORMAT(occurred_at, '%Y-%m-%d %H:00:00') AS DATETIME(6))",
            _ => "substr(occurred_at, 1, 13) || ':00:00.000'",
        };
        return
        [
            "DELETE FROM audit_hourly_counts",
            $"INSERT INTO audit_hourly_counts (hour, branch_key, events) SELECT {hour}, COALESCE(branch_code, ''), COUNT(*) FROM audit_trail GROUP BY {hour}, COALESCE(branch_code, '')",
        ];
    }

    /// <summary>
    /// The statements that recompute the registration funnel from <c>audit_trail</c> (the same on every
    /// engine): one pass over the users' registration and KYC rows, grouped by user.
    /// </summary>
    public static IReadOnlyList<string> FunnelRebuildSql()
    {
        static string Submitted(string section) =>
            $"MIN(CASE WHEN action IN ('kyc.submitted', 'kyc.resubmitted') AND detail LIKE '%\"section\":\"{section}\"%' THEN occurred_at END)";
        const string Registered = "MIN(CASE WHEN action = 'user.registered' THEN occurred_at END)";
        return
        [
            "DELETE FROM registration_funnel",
            "INSERT INTO registration_funnel (user_code, registered_at, aadhaar_at, pan_at, business_at, bank_at, verified_at) " +
            $"SELECT target_id, {Registered}, {string.Join(", ", Sections.Select(Submitted))}, " +
            "MIN(CASE WHEN action = 'kyc.approved' AND detail LIKE '%\"kyc_status\":\"verified\"%' THEN occurred_at END) " +
            "FROM audit_trail WHERE target_type = 'user' AND target_id IS NOT NULL AND action IN ('user.registered', 'kyc.submitted', 'kyc.resubmitted', 'kyc.approved') " +
            $"GROUP BY target_id HAVING {Registered} IS NOT NULL",
        ];
    }
}
