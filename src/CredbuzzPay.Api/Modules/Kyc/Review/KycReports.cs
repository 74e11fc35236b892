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

public sealed record KycSectionEntry(Guid SubmissionId, string UserCode, string KycType, string Status, string? BranchCode, DateTime SubmittedAt, DateTime? ReviewedAt);

public sealed record KycReport(int Days, string? Status, long Submissions, long UsersSubmitted, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> BySection,
    double? VerificationRate, double? AverageHoursToVerify, IReadOnlyList<KycSectionEntry> PendingKyc);

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
        reports.MapGet("/get_kyc_report", ReportAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("?status=&days=30");
        reports.MapGet("/get_pending_kyc", PendingAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("?days=30&page=: pending sections, oldest first.");
        reports.MapGet("/get_kyc_by_status/{status}", ByStatusAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("?page=: live sections in that status, newest first.");
    }

    private static async Task<IQueryable<KycSubmission>> ScopeAsync(ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var actor = await users.FindByCodeAsync(db, principal.Identity?.Name ?? "", cancellationToken) ?? throw ApiProblemException.Forbidden();
        var live = db.GetTable<KycSubmission>().Where(s => s.DeletedAt == null);
        if (!Hierarchy.ReadsEveryBranch(actor))
        {
            var branch = actor.BranchCode ?? "\0none";
            live = live.Where(s => s.BranchCode == branch);
        }
        return live;
    }

    private static int Days(int? days) =>
        days is null ? 30 : days is >= 1 and <= 366 ? days.Value : throw ApiProblemException.Validation("days", "A whole number of days from 1 to 366.");

    private static string? Status(string? status) =>
        string.IsNullOrEmpty(status) ? null : KycStatuses.IsKnown(status) ? status
            : throw ApiProblemException.Validation("status", "Status must be pending, verified, rejected or resubmission_requested.");

    private static IQueryable<KycSectionEntry> Entries(IQueryable<KycSubmission> rows) =>
        rows.Select(s => new KycSectionEntry(s.Id, s.UserCode, s.Section, s.Status, s.BranchCode, s.SubmittedAt, s.ReviewedAt));

    private static async Task<Ok<KycReport>> ReportAsync(int? days, string? status, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var window = Days(days);
        var wanted = Status(status);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-window);
        var rows = (await ScopeAsync(principal, db, users, cancellationToken)).Where(s => Instants.AtOrAfter(s.SubmittedAt, since));
        if (wanted is not null)
        {
            rows = rows.Where(s => s.Status == wanted);
        }
        var grouped = await rows.GroupBy(s => new { s.Section, s.Status }).Select(g => new { g.Key.Section, g.Key.Status, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var bySection = KycSections.All.ToDictionary(section => section, section => (IReadOnlyDictionary<string, long>)grouped.Where(g => g.Section == section)
            .ToDictionary(g => g.Status, g => g.Count));
        var verified = grouped.Where(g => g.Status == KycStatuses.Verified).Sum(g => g.Count);
        var decided = grouped.Where(g => g.Status is KycStatuses.Verified or KycStatuses.Rejected or KycStatuses.ResubmissionRequested).Sum(g => g.Count);
        var times = await rows.Where(s => s.Status == KycStatuses.Verified && s.VerifiedAt != null).Select(s => new { s.SubmittedAt, s.VerifiedAt }).Take(10_000).ToListAsync(cancellationToken);
        var pending = await Entries(rows.Where(s => s.Status == KycStatuses.Pending).OrderBy(s => s.SubmittedAt)).Take(20).ToListAsync(cancellationToken);
        return TypedResults.Ok(new KycReport(window, wanted, grouped.Sum(g => g.Count), await rows.Select(s => Aggregates.CountDistinct(s.UserId)).FirstAsync(cancellationToken), bySection,
            decided == 0 ? null : Math.Round(100.0 * verified / decided, 1),
            times.Count == 0 ? null : Math.Round(times.Average(t => (t.VerifiedAt!.Value - t.SubmittedAt).TotalHours), 2),
            pending));
    }

    private static async Task<Ok<Paged<KycSectionEntry>>> PendingAsync(int? days, HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Days(days));
        var page = PageRequest.From(http);
        var rows = (await ScopeAsync(principal, db, users, cancellationToken)).Where(s => s.Status == KycStatuses.Pending && Instants.AtOrAfter(s.SubmittedAt, since));
        var count = await rows.LongCountAsync(cancellationToken);
        var items = await Entries(rows.OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, items));
    }

    private static async Task<Ok<Paged<KycSectionEntry>>> ByStatusAsync(string status, HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        CancellationToken cancellationToken)
    {
        var wanted = Status(status) ?? throw ApiProblemException.Validation("status", "Say which status.");
        var page = PageRequest.From(http);
        var rows = (await ScopeAsync(principal, db, users, cancellationToken)).Where(s => s.Status == wanted);
        var count = await rows.LongCountAsync(cancellationToken);
        var items = await Entries(rows.OrderByDescending(s => s.SubmittedAt).ThenBy(s => s.Id)).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, items));
    }
}
