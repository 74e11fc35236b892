using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>
/// The KYC report's running totals (<see cref="KycDailyCount"/>, <see cref="KycUserSubmission"/>):
/// changed in the same transaction as the section (submitted, superseded, decided), rebuilt from
/// <c>kyc_submissions</c> by the migration that introduced them and after a bulk seed.
/// </summary>
internal static class KycCounters
{
    /// <summary>Adds (+1) or removes (-1) a live section as it stands now (its submission day, branch, section and status).</summary>
    public static async Task AddAsync(AppDb db, KycSubmission section, int delta, CancellationToken cancellationToken)
    {
        var day = Instants.UtcDay(section.SubmittedAt);
        var branch = section.BranchCode ?? "";
        var name = section.Section;
        var status = section.Status;
        var seconds = status == KycStatuses.Verified && section.VerifiedAt is { } verified ? delta * (long)(verified - section.SubmittedAt).TotalSeconds : 0L;
        await db.GetTable<KycDailyCount>().InsertOrUpdateAsync(
            () => new KycDailyCount { Day = day, BranchKey = branch, Section = name, Status = status, Sections = delta, VerifiedSeconds = seconds },
            c => new KycDailyCount { Sections = c.Sections + delta, VerifiedSeconds = c.VerifiedSeconds + seconds }, cancellationToken);
        if (delta > 0)
        {
            var user = section.UserId;
            var at = section.SubmittedAt;
            await db.GetTable<KycUserSubmission>().InsertOrUpdateAsync(
                () => new KycUserSubmission { UserId = user, BranchKey = branch, LastSubmittedAt = at },
                u => new KycUserSubmission { LastSubmittedAt = at }, cancellationToken);
        }
    }

    /// <summary>A decision: the live section leaves its pending bucket and joins its new status (with its verification time when verified).</summary>
    public static async Task DecideAsync(AppDb db, KycSubmission live, string status, DateTime? verifiedAt, CancellationToken cancellationToken)
    {
        await AddAsync(db, live, -1, cancellationToken);
        await AddAsync(db, new KycSubmission
        {
            UserId = live.UserId, BranchCode = live.BranchCode, Section = live.Section, Status = status, SubmittedAt = live.SubmittedAt, VerifiedAt = verifiedAt,
        }, 1, cancellationToken);
    }

    public static async Task RebuildAsync(AppDb db, CancellationToken cancellationToken)
    {
        await db.ExecuteEachAsync(RebuildSql(db.Provider), cancellationToken);
    }

    /// <summary>Recomputes the totals from the live rows of <c>kyc_submissions</c>, per engine.</summary>
    public static IReadOnlyList<string> RebuildSql(DatabaseProvider provider)
    {
        var (day, seconds) = provider switch
        {
            DatabaseProvider.Postgres => ("date_trunc('day', submitted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
                "CAST(EXTRACT(EPOCH FROM (verified_at - submitted_at)) AS BIGINT)"),
            DatabaseProvider.MySql => ("CAST(DATE(submitted_at) AS DATETIME(6))", "TIMESTAMPDIFF(SECOND, submitted_at, verified_at)"),
            _ => ("substr(submitted_at, 1, 10) || ' 00:00:00.000'", "CAST((julianday(verified_at) - julianday(submitted_at)) * 86400 AS INTEGER)"),
        };
        return
        [
            "DELETE FROM kyc_daily_counts",
            "DELETE FROM kyc_user_submissions",
            "INSERT INTO kyc_daily_counts (day, branch_key, section, status, sections, verified_seconds) " +
            $"SELECT {day}, COALESCE(branch_code, ''), section, status, COUNT(*), " +
            $"COALESCE(SUM(CASE WHEN status = 'verified' AND verified_at IS NOT NULL THEN {seconds} ELSE 0 END), 0) " +
            $"FROM kyc_submissions WHERE deleted_at IS NULL GROUP BY {day}, COALESCE(branch_code, ''), section, status",
            "INSERT INTO kyc_user_submissions (user_id, branch_key, last_submitted_at) " +
            "SELECT user_id, COALESCE(branch_code, ''), MAX(submitted_at) FROM kyc_submissions WHERE deleted_at IS NULL GROUP BY user_id, COALESCE(branch_code, '')",
        ];
    }
}
