using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Kyc.Features;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Kyc.Review;

public sealed record QueueEntry(Guid SubmissionId, string UserCode, string Section, string Status, string? BranchCode, DateTime SubmittedAt, double AgeHours,
    bool ReadyToApprove, string? Outstanding);

public sealed record PreviousVersion(Guid Id, string Section, string Status, DateTime SubmittedAt, DateTime? DeletedAt, string? ReviewReason);

public sealed record ReviewSubject(string UserCode, string FirstName, string LastName, string? BranchCode, string Tier, string KycStatus);

public sealed record KycReviewView(ReviewSubject User, IReadOnlyDictionary<string, Dictionary<string, object?>> Sections, CrossCheckReport CrossCheck,
    IReadOnlyList<PreviousVersion> History);

/// <summary>The queue's filters: section, status (default pending), branch, and sections at least age_days old.</summary>
public sealed record QueueQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "section")] string? Section,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] string? Status,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "branch")] string? Branch,
    [property: System.ComponentModel.DataAnnotations.Range(0, 3650)][Microsoft.AspNetCore.Mvc.FromQuery(Name = "age_days")] int? AgeDays);

/// <summary>Staff review (seed 001): the queue, one user's whole KYC, and the three decisions.</summary>
internal static class ReviewEndpoints
{
    public static void MapKycReviewEndpoints(this IEndpointRouteBuilder api)
    {
        var review = api.MapGroup("/admin/kyc").RequireStaff(Roles.Admin).WithTags("KYC review");
        review.MapGet("/queue", QueueAsync)
            .WithSummary("Sections waiting for review (status=pending by default), filtered by section, status, branch and age_days (at least that old); oldest first.");
        review.MapGet("/{userCode}", DetailAsync).WithSummary("All of a user's sections (numbers masked), document links, cross-check results and earlier versions.");
        foreach (var decision in new[] { ReviewDecision.Approve, ReviewDecision.Reject, ReviewDecision.RequestResubmission })
        {
            review.MapPost($"/{{userCode}}/{{section}}/{decision}",
                    async (string userCode, string section, ReviewRequest request, ClaimsPrincipal p, AppDb db, IUserDirectory users, ReviewDecisions handler, CancellationToken ct) =>
                        TypedResults.Ok(await handler.DecideAsync(await StaffAsync(p, users, db, ct), userCode, section, decision, request.Reason, ct)))
                .Validate<ReviewRequest>()
                .WithSummary(decision switch
                {
                    ReviewDecision.Approve => "Mark the pending section verified.",
                    ReviewDecision.Reject => "Reject the pending section with a reason.",
                    _ => "Ask the user to resubmit the section, with a reason.",
                });
        }
    }

    private static async Task<Ok<Paged<QueueEntry>>> QueueAsync([AsParameters] QueueQuery filters, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal,
        AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var (count, entries) = await QueuePageAsync(filters, page, principal, db, users, clock, cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, entries));
    }

    /// <summary>One page of the review queue in the caller's reach (the API's queue and the console's).</summary>
    internal static async Task<(long Count, IReadOnlyList<QueueEntry> Entries)> QueuePageAsync(QueueQuery filters, PageRequest page, ClaimsPrincipal principal,
        AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var staff = await StaffAsync(principal, users, db, cancellationToken);
        var section = filters.Section?.Trim() ?? "";
        var status = filters.Status?.Trim() ?? "";
        var branch = filters.Branch?.Trim() ?? "";
        if (section.Length > 0 && !KycSections.IsKnown(section))
        {
            throw ApiProblemException.Validation("section", "Section must be aadhaar, pan, business or bank.");
        }
        if (status.Length > 0 && !KycStatuses.IsKnown(status))
        {
            throw ApiProblemException.Validation("status", "Status must be pending, verified, rejected or resubmission_requested.");
        }
        var ageDays = filters.AgeDays ?? 0;
        if (ageDays is < 0 or > 3650)
        {
            throw ApiProblemException.Validation("age_days", "Must be a whole number of days from 0 to 3650.");
        }
        if (!ReviewAccess.SeesAllBranches(staff))
        {
            if (branch.Length > 0 && !string.Equals(branch, staff.BranchCode, StringComparison.OrdinalIgnoreCase))
            {
                throw ApiProblemException.Forbidden("You review only your own branch.");
            }
            branch = staff.BranchCode ?? "\0none";
        }
        status = status.Length == 0 ? KycStatuses.Pending : status;
        var now = clock.GetUtcNow().UtcDateTime;
        var olderThan = now.AddDays(-ageDays);
        var query = db.GetTable<KycSubmission>().Where(s => s.DeletedAt == null && s.Status == status && Instants.AtOrBefore(s.SubmittedAt, olderThan) && s.UserId != staff.Id);
        if (section.Length > 0)
        {
            query = query.Where(s => s.Section == section);
        }
        if (branch.Length > 0)
        {
            var upper = branch.ToUpperInvariant();
            query = query.Where(s => s.BranchCode == branch || s.BranchCode == upper);
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var entries = rows.Select(s =>
        {
            var outstanding = ReviewDecisions.Outstanding(s);
            return new QueueEntry(s.Id, s.UserCode, s.Section, s.Status, s.BranchCode, s.SubmittedAt, Math.Round((now - s.SubmittedAt).TotalHours, 1), outstanding is null, outstanding);
        }).ToList();
        return (count, entries);
    }

    private static async Task<Ok<KycReviewView>> DetailAsync(string userCode, ClaimsPrincipal principal, AppDb db, IUserDirectory users, KycStore store,
        IOptions<KycOptions> options, CancellationToken cancellationToken) =>
        TypedResults.Ok(await CaseAsync(userCode, principal, db, users, store, options, cancellationToken));

    /// <summary>One user's whole KYC as a reviewer sees it (the API's detail and the console's case page).</summary>
    internal static async Task<KycReviewView> CaseAsync(string userCode, ClaimsPrincipal principal, AppDb db, IUserDirectory users, KycStore store,
        IOptions<KycOptions> options, CancellationToken cancellationToken)
    {
        var staff = await StaffAsync(principal, users, db, cancellationToken);
        var target = await ReviewTargets.FindAsync(db, users, staff, userCode, cancellationToken);
        var live = await store.AllLiveAsync(db, target.Id, cancellationToken);
        var report = CrossChecks.Run(live, options.Value.NameMatchThreshold);
        var sections = new Dictionary<string, Dictionary<string, object?>>();
        foreach (var section in KycSections.All)
        {
            sections[section] = live.TryGetValue(section, out var s)
                ? SectionViews.Build(store, s, await store.DocumentsAsync(db, s.Id, cancellationToken), report.SectionScores[section])
                : SectionViews.NotSubmitted(section);
        }
        var history = await db.GetTable<KycSubmission>()
            .Where(s => s.UserId == target.Id && s.DeletedAt != null)
            .OrderByDescending(s => s.SubmittedAt)
            .Take(50)
            .Select(s => new PreviousVersion(s.Id, s.Section, s.Status, s.SubmittedAt, s.DeletedAt, s.ReviewReason))
            .ToListAsync(cancellationToken);
        return new KycReviewView(new ReviewSubject(target.UserCode, target.FirstName, target.LastName, target.BranchCode, target.Tier, target.KycStatus),
            sections, report, history);
    }

    internal static async Task<UserSummary> StaffAsync(ClaimsPrincipal principal, IUserDirectory users, AppDb db, CancellationToken cancellationToken)
    {
        var staff = await KycForm.CallerAsync(principal, users, db, cancellationToken);
        return ReviewAccess.IsReviewer(staff) ? staff : throw ApiProblemException.Forbidden();
    }
}
