using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Identity.Sessions;

/// <summary>
/// The login statistics' running totals (<see cref="LoginActivityHourly"/>): counted in the same
/// transaction as the attempt, rebuilt from <c>login_activity</c> by the migration that introduced
/// them and after a bulk seed.
/// </summary>
internal static class LoginCounters
{
    public const string Succeeded = "success";
    public const string Failed = "failed";

    public static DateTime HourOf(DateTime instant) => new(instant.Year, instant.Month, instant.Day, instant.Hour, 0, 0, DateTimeKind.Utc);

    /// <summary>Counts one attempt under the branch of its user (none for an unknown account).</summary>
    public static async Task CountAsync(AppDb db, string? branchCode, string outcome, string device, string browser, DateTime at, CancellationToken cancellationToken)
    {
        if (outcome == LoginOutcomes.PasswordAccepted)
        {
            return;
        }
        var branch = branchCode ?? "";
        var hour = HourOf(at);
        var result = outcome == LoginOutcomes.Success ? Succeeded : Failed;
        await db.GetTable<LoginActivityHourly>().InsertOrUpdateAsync(
            () => new LoginActivityHourly { Hour = hour, BranchKey = branch, Result = result, Device = device, Browser = browser, Attempts = 1 },
            c => new LoginActivityHourly { Attempts = c.Attempts + 1 }, cancellationToken);
    }

    public static async Task RebuildAsync(AppDb db, CancellationToken cancellationToken)
    {
        await db.ExecuteEachAsync(RebuildSql(db.Provider), cancellationToken);
    }

    /// <summary>Recomputes the totals from <c>login_activity</c> (history is attributed to each user's current branch).</summary>
    public static IReadOnlyList<string> RebuildSql(DatabaseProvider provider)
    {
        var hour = provider switch
        {
            DatabaseProvider.Postgres => "date_trunc('hour', a.occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
            DatabaseProvider.MySql => "CAST(DATE_FORMAT(a.occurred_at, '%Y-%m-%d %H:00:00') AS DATETIME(6))",
            _ => "substr(a.occurred_at, 1, 13) || ':00:00.000'",
        };
        const string Result = "CASE WHEN a.outcome = 'success' THEN 'success' ELSE 'failed' END";
        return
        [
            "DELETE FROM login_activity_hourly",
            "INSERT INTO login_activity_hourly (hour, branch_key, result, device, browser, attempts) " +
            $"SELECT {hour}, COALESCE(u.branch_code, ''), {Result}, a.device, a.browser, COUNT(*) " +
            "FROM login_activity a LEFT JOIN users u ON u.id = a.user_id WHERE a.outcome <> 'password_accepted' " +
            $"GROUP BY {hour}, COALESCE(u.branch_code, ''), {Result}, a.device, a.browser",
        ];
    }
}
