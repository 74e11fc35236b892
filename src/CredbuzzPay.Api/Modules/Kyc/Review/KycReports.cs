using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Kyc.Review;

/// <summary>One live section in a KYC list (seed 003 #38: <c>user_id</c>, <c>email</c>, <c>kyc_type</c>, <c>submitted_at</c>, <c>pending_days</c>, <c>status</c>).</summary>
public sealed record KycSectionEntry(Guid SubmissionId, string UserId, string UserCode, string? Email, string KycType, string Status, string? BranchCode, DateTime SubmittedAt,
    int PendingDays, DateTime? ReviewedAt);

/// <summary>
/// Seed 003 #37: <c>total_users</c> (who submitted in the window), <c>verified</c>, <c>pending</c> and <c>rejected</c>
/// (live sections in each state; rejected includes resubmission requested), <c>verification_rate</c> (percent of
/// decided sections verified), <c>average_verification_time</c> ("5 days"), <c>pending_kyc</c>; by section beside.
/// </summary>
public sealed record KycReport(int Days, string? Status, long TotalUsers, long Verified, long Pending, long Rejected, long Submissions, long UsersSubmitted,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> BySection, double? VerificationRate, string? AverageVerificationTime, double? AverageHoursToVerify,
    IReadOnlyList<KycSectionEntry> PendingKyc);

/// <summary>Seed 003 #39: the status asked for, then the page.</summary>
public sealed record KycByStatus(string Status, long Count, string? Next, string? Previous, IReadOnlyList<KycSectionEntry> Results);

/// <summary>
/// Seed 003 #37-#39 over the live KYC sections: counts, verification rate (verified of decided),
/// average time from submission to verification, and the pending and by-status lists. Auditors,
/// super_admin and master see every branch; an admin their own.
/// </summary>
internal static class KycReports
{
    public static void MapKycReports(this IEndpointRouteBuilder api)
    {
        var reports = api.MapGroup("/admin/reports/kyc").WithTags("KYC reports");
        reports.MapGet("/get_kyc_report", ReportAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Sections by state in the last days UTC days (default 30), today included.");
        reports.MapGet("/get_pending_kyc", PendingAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Pending sections submitted in the last days (default 30), oldest first.");
        reports.MapGet("/get_kyc_by_status/{status}", ByStatusAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Live sections in that status, newest first.");
    }

    private static async Task<IQueryable<KycSubmission>> ScopeAsync(ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken) =>
        Live(db, Hierarchy.ReadLimit(await users.CallerAsync(db, principal, cancellationToken)));

    /// <summary>The live sections, of one branch when <paramref name="branch"/> is given.</summary>
    private static IQueryable<KycSubmission> Live(AppDb db, string? branch)
    {
        var live = db.GetTable<KycSubmission>().Where(s => s.DeletedAt == null);
        return branch is null ? live : live.Where(s => s.BranchCode == branch);
    }

    private static int Days(int? days) =>
        days is null ? 30 : days is >= 1 and <= 366 ? days.Value : throw ApiProblemException.Validation("days", "A whole number of days from 1 to 366.");

    private static string? Status(string? status) =>
        string.IsNullOrEmpty(status) ? null : KycStatuses.IsKnown(status) ? status
            : throw ApiProblemException.Validation("status", "Status must be pending, verified, rejected or resubmission_requested.");

    /// <summary>The sections as list entries, with their owners' emails (one lookup for the page) and days waiting.</summary>
    private static async Task<List<KycSectionEntry>> EntriesAsync(AppDb db, IUserDirectory users, IQueryable<KycSubmission> rows, DateTime now, CancellationToken cancellationToken)
    {
        var page = await rows.Select(s => new { s.Id, s.UserCode, s.Section, s.Status, s.BranchCode, s.SubmittedAt, s.ReviewedAt }).ToListAsync(cancellationToken);
        var owners = await users.FindByCodesAsync(db, page.Select(s => s.UserCode).Distinct().ToList(), cancellationToken);
        return page.Select(s => new KycSectionEntry(s.Id, s.UserCode, s.UserCode, owners.GetValueOrDefault(s.UserCode)?.Email, s.Section, s.Status, s.BranchCode, s.SubmittedAt,
            s.Status == KycStatuses.Pending ? Math.Max(0, (int)(now - s.SubmittedAt).TotalDays) : 0, s.ReviewedAt)).ToList();
    }

    /// <summary>"7 hours" under two days, "5 days" from then.</summary>
    private static string? Duration(double? hours) =>
        hours is not { } h ? null : h < 48 ? $"{Math.Round(h):0} hours" : $"{Math.Round(h / 24):0} days";

    /// <summary>
    /// The live sections submitted in the last <c>days</c> UTC days (today included), from the running
    /// totals kept as sections change (<see cref="KycCounters"/>); the oldest 20 pending from the sections.
    /// </summary>
    private static async Task<Ok<KycReport>> ReportAsync(int? days, string? status, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var window = Days(days);
        var wanted = Status(status);
        var since = Instants.StartOfLastDays(clock.GetUtcNow().UtcDateTime, window);
        var branch = Hierarchy.ReadLimit(await users.CallerAsync(db, principal, cancellationToken));
        var counts = db.GetTable<KycDailyCount>().Where(c => Instants.AtOrAfter(c.Day, since) && c.Sections != 0);
        var submitters = db.GetTable<KycUserSubmission>().Where(u => Instants.AtOrAfter(u.LastSubmittedAt, since));
        if (branch is not null)
        {
            counts = counts.Where(c => c.BranchKey == branch);
            submitters = submitters.Where(u => u.BranchKey == branch);
        }
        if (wanted is not null)
        {
            counts = counts.Where(c => c.Status == wanted);
        }
        var grouped = await counts.GroupBy(c => new { c.Section, c.Status })
            .Select(g => new { g.Key.Section, g.Key.Status, Count = g.Sum(c => c.Sections), Seconds = g.Sum(c => c.VerifiedSeconds) }).ToListAsync(cancellationToken);
        var rows = Live(db, branch).Where(s => Instants.AtOrAfter(s.SubmittedAt, since));
        // With a status asked for, the people are those with a live section in that status (read from the sections); otherwise each user's last submission.
        var people = wanted is null
            ? await submitters.Select(u => Aggregates.CountDistinct(u.UserId)).FirstAsync(cancellationToken)
            : await rows.Where(s => s.Status == wanted).Select(s => Aggregates.CountDistinct(s.UserId)).FirstAsync(cancellationToken);
        var bySection = KycSections.All.ToDictionary(section => section, section => (IReadOnlyDictionary<string, long>)grouped.Where(g => g.Section == section && g.Count != 0)
            .ToDictionary(g => g.Status, g => g.Count));
        var verified = grouped.Where(g => g.Status == KycStatuses.Verified).Sum(g => g.Count);
        var verifiedSeconds = grouped.Where(g => g.Status == KycStatuses.Verified).Sum(g => g.Seconds);
        var decided = grouped.Where(g => g.Status is KycStatuses.Verified or KycStatuses.Rejected or KycStatuses.ResubmissionRequested).Sum(g => g.Count);
        var pending = await EntriesAsync(db, users, rows.Where(s => s.Status == KycStatuses.Pending).OrderBy(s => s.SubmittedAt).Take(20), clock.GetUtcNow().UtcDateTime,
            cancellationToken);
        double? averageHours = verified == 0 ? null : Math.Round(verifiedSeconds / 3600.0 / verified, 2);
        return TypedResults.Ok(new KycReport(window, wanted, people, verified, grouped.Where(g => g.Status == KycStatuses.Pending).Sum(g => g.Count),
            grouped.Where(g => g.Status is KycStatuses.Rejected or KycStatuses.ResubmissionRequested).Sum(g => g.Count), grouped.Sum(g => g.Count), people, bySection,
            decided == 0 ? null : Math.Round(100.0 * verified / decided, 1), Duration(averageHours), averageHours, pending));
    }

    private static async Task<Ok<Paged<KycSectionEntry>>> PendingAsync(int? days, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal, AppDb db,
        IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-Days(days));
        var page = PageRequest.From(paging);
        var rows = (await ScopeAsync(principal, db, users, cancellationToken)).Where(s => s.Status == KycStatuses.Pending && Instants.AtOrAfter(s.SubmittedAt, since));
        var count = await rows.LongCountAsync(cancellationToken);
        var items = await EntriesAsync(db, users, rows.OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id).Skip(page.Skip).Take(page.PageSize), now, cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, items));
    }

    private static async Task<Ok<KycByStatus>> ByStatusAsync(string status, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal, AppDb db,
        IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var wanted = Status(status) ?? throw ApiProblemException.Validation("status", "Say which status.");
        var page = PageRequest.From(paging);
        var rows = (await ScopeAsync(principal, db, users, cancellationToken)).Where(s => s.Status == wanted);
        var count = await rows.LongCountAsync(cancellationToken);
        var items = await EntriesAsync(db, users, rows.OrderByDescending(s => s.SubmittedAt).ThenBy(s => s.Id).Skip(page.Skip).Take(page.PageSize),
            clock.GetUtcNow().UtcDateTime, cancellationToken);
        var paged = page.ToPaged(http, count, items);
        return TypedResults.Ok(new KycByStatus(wanted, paged.Count, paged.Next, paged.Previous, paged.Results));
    }
}
