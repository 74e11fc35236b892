using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Ledger.Features.Operations;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Approvals;

/// <summary>The approval list's filters.</summary>
public sealed record ApprovalQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] string? Status,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "action")] string? Action);

/// <summary>Maker-checker requests: staff in reach read them (auditors too); admins and above decide them.</summary>
internal static class ApprovalEndpoints
{
    private static readonly string[] States = [ApprovalRequest.Pending, ApprovalRequest.Approved, ApprovalRequest.Rejected, ApprovalRequest.Expired];
    private static readonly string[] Actions = [ApprovalRequest.Movement, ApprovalRequest.Reversal];

    public static void MapApprovalEndpoints(this IEndpointRouteBuilder api)
    {
        var read = api.MapGroup("/admin/approvals").RequireStaff(Roles.Admin, auditorMayRead: true).WithTags("Approvals (staff)");
        read.MapGet("/", ListAsync).WithSummary("Maker-checker requests in your reach, newest first (?status=PENDING_APPROVAL|APPROVED|REJECTED|EXPIRED&action=MOVEMENT|REVERSAL).");
        read.MapGet("/{approvalId}/", DetailAsync).WithSummary("One request in your reach.");
        var decide = api.MapGroup("/admin/approvals").RequireStaff(Roles.Admin).WithTags("Approvals (staff)");
        decide.MapPost("/{approvalId}/approve", ApproveAsync).Idempotent()
            .WithSummary("Approves and moves the money (not the maker; at or above the maker's level; the account in your reach).");
        decide.MapPost("/{approvalId}/reject", RejectAsync).Idempotent().WithSummary("{reason}: rejects; nothing moves. The maker may withdraw their own request.");
    }

    private static async Task<Ok<Paged<ApprovalView>>> ListAsync([AsParameters] ApprovalQuery filters, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal,
        AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var (count, rows) = await PageAsync(filters, page, principal, db, users, cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows));
    }

    /// <summary>One page of the requests in the caller's reach, newest first (the API's list and the console's queue).</summary>
    internal static async Task<(long Count, IReadOnlyList<ApprovalView> Rows)> PageAsync(ApprovalQuery filters, PageRequest page, ClaimsPrincipal principal, AppDb db,
        IUserDirectory users, CancellationToken cancellationToken)
    {
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var query = db.GetTable<ApprovalRequest>().AsQueryable();
        if (filters.Status is { Length: > 0 } status)
        {
            var state = status.Trim().ToUpperInvariant();
            query = States.Contains(state) ? query.Where(r => r.Status == state) : throw ApiProblemException.Validation("status", "One of PENDING_APPROVAL, APPROVED, REJECTED, EXPIRED.");
        }
        if (filters.Action is { Length: > 0 } action)
        {
            var kind = action.Trim().ToUpperInvariant();
            query = Actions.Contains(kind) ? query.Where(r => r.Action == kind) : throw ApiProblemException.Validation("action", "One of MOVEMENT, REVERSAL.");
        }
        if (Hierarchy.ReadLimit(staff) is { } branch)
        {
            var upper = branch.ToUpperInvariant();
            query = query.Where(r => r.BranchCode == upper);
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return (count, await ApprovalViews.BuildAsync(db, rows, cancellationToken));
    }

    private static async Task<Ok<ApprovalView>> DetailAsync(string approvalId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var id = approvalId.Trim().ToUpperInvariant();
        var request = await db.GetTable<ApprovalRequest>().FirstOrDefaultAsync(r => r.ApprovalId == id, cancellationToken);
        return request is not null && Admin.AdminAccountEndpoints.InReach(staff, request.BranchCode)
            ? TypedResults.Ok((await ApprovalViews.BuildAsync(db, [request], cancellationToken))[0])
            : throw ApiProblemException.NotFound("No such approval request in your reach.");
    }

    internal static async Task<Ok<ApprovalView>> ApproveAsync(string approvalId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, MakerChecker approvals,
        CancellationToken cancellationToken)
    {
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var request = await approvals.ApproveAsync(db, staff, approvalId, cancellationToken);
        return TypedResults.Ok((await ApprovalViews.BuildAsync(db, [request], CancellationToken.None))[0]);
    }

    internal static async Task<Ok<ApprovalView>> RejectAsync(string approvalId, StaffReasonRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        MakerChecker approvals, CancellationToken cancellationToken)
    {
        var reason = StaffMovement.ReasonOnly(request);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var decided = await approvals.RejectAsync(db, staff, approvalId, reason, cancellationToken);
        return TypedResults.Ok((await ApprovalViews.BuildAsync(db, [decided], CancellationToken.None))[0]);
    }
}
