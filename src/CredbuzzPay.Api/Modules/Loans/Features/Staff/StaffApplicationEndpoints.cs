using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Modules.Loans.Features.Applications;
using CredbuzzPay.Api.Modules.Loans.Features.Servicing;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CredbuzzPay.Api.Modules.Loans.Features.Staff;

public sealed record ApplicationQuery([FromQuery(Name = "status")] string? Status, [FromQuery(Name = "product_id")] string? ProductId,
    [FromQuery(Name = "min_age_days")] int? MinAgeDays, [FromQuery(Name = "max_age_days")] int? MaxAgeDays);

public sealed record ReasonRequest(string? Reason);

/// <summary>Staff work on applications: the queue of their branches, approve (maker, then checker), reject, disburse. Auditors read, act on nothing.</summary>
internal static class StaffApplicationEndpoints
{
    private static readonly string[] Statuses = [ApplicationRow.Submitted, ApplicationRow.Recommended, ApplicationRow.Approved, ApplicationRow.Rejected, ApplicationRow.Disbursed];

    public static void MapStaffApplicationEndpoints(this IEndpointRouteBuilder api)
    {
        var staff = api.MapGroup("/admin/loans/applications").WithTags("Loans");
        staff.MapGet("/", ListAsync).RequireStaff(Roles.Admin, auditorMayRead: true)
            .WithSummary("Applications in your branches, newest first: ?status=SUBMITTED|RECOMMENDED|APPROVED|REJECTED|DISBURSED&product_id=&min_age_days=&max_age_days=.");
        staff.MapGet("/{applicationId}/", DetailAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("One application in reach, with its quote.");
        staff.MapPost("/{applicationId}/approve", ApproveAsync).RequireStaff(Roles.Admin)
            .WithSummary("The first approval recommends (maker); a second staff member's approves (checker; a super_admin above Loans:SecondApprovalAmount).");
        staff.MapPost("/{applicationId}/reject", RejectAsync).RequireStaff(Roles.Admin).WithSummary("{reason}: rejects an undecided application.");
        staff.MapPost("/{applicationId}/disburse", DisburseAsync).RequireStaff(Roles.Admin).Idempotent()
            .WithSummary("Pays an APPROVED application into its account, less the processing fee and GST, and starts the schedule.");
    }

    internal static async Task<Ok<Paged<ApplicationView>>> ListAsync([AsParameters] ApplicationQuery filter, [AsParameters] PageQuery paging, HttpRequest http,
        ClaimsPrincipal principal, AppDb db, IUserDirectory users, LoanTerms terms, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var query = db.GetTable<ApplicationRow>().AsQueryable();
        if (Hierarchy.ReadLimit(caller) is { } branch)
        {
            query = query.Where(a => a.BranchCode == branch);
        }
        if (filter.Status is { } status)
        {
            var wanted = status.Trim().ToUpperInvariant();
            query = Statuses.Contains(wanted) ? query.Where(a => a.Status == wanted) : throw ApiProblemException.Validation("status", "One of " + string.Join(", ", Statuses) + ".");
        }
        if (filter.ProductId is { } productId)
        {
            var product = await Products.ProductEndpoints.FindAsync(db, productId, cancellationToken);
            query = query.Where(a => a.ProductId == product.Id);
        }
        if (filter.MinAgeDays is < 0 or > 3650 || filter.MaxAgeDays is < 0 or > 3650)
        {
            throw ApiProblemException.Validation("min_age_days", "Ages are whole days from 0 to 3650.");
        }
        var now = terms.Now;
        if (filter.MinAgeDays is { } min)
        {
            var before = now.AddDays(-min);
            query = query.Where(a => Instants.AtOrBefore(a.CreatedAt, before));
        }
        if (filter.MaxAgeDays is { } max)
        {
            var after = now.AddDays(-max - 1);
            query = query.Where(a => Instants.After(a.CreatedAt, after));
        }
        return TypedResults.Ok(await ApplicationEndpoints.PageAsync(db, query, paging, http, terms, cancellationToken));
    }

    private static async Task<Ok<ApplicationView>> DetailAsync(string applicationId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, ApplicationDecisions decisions,
        LoanTerms terms, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        return TypedResults.Ok(await ApplicationEndpoints.ViewAsync(db, await decisions.InReachAsync(caller, applicationId, cancellationToken), terms, cancellationToken));
    }

    internal static async Task<Ok<ApplicationView>> ApproveAsync(string applicationId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, ApplicationDecisions decisions,
        LoanTerms terms, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var decided = await decisions.ApproveAsync(caller, applicationId, cancellationToken);
        return TypedResults.Ok(await ApplicationEndpoints.ViewAsync(db, decided, terms, CancellationToken.None));
    }

    internal static async Task<Ok<ApplicationView>> RejectAsync(string applicationId, ReasonRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        ApplicationDecisions decisions, LoanTerms terms, CancellationToken cancellationToken)
    {
        var reason = LoanViews.Reason(request.Reason);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var decided = await decisions.RejectAsync(caller, applicationId, reason, cancellationToken);
        return TypedResults.Ok(await ApplicationEndpoints.ViewAsync(db, decided, terms, CancellationToken.None));
    }

    internal static async Task<Created<LoanView>> DisburseAsync(string applicationId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, ApplicationDecisions decisions,
        Disbursement disbursement, LoanReader reader, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var application = await decisions.InReachAsync(caller, applicationId, cancellationToken);
        var loanId = await disbursement.DisburseAsync(caller, application, cancellationToken);
        var view = await reader.ViewAsync(db, loanId, CancellationToken.None);
        return TypedResults.Created($"/api/v1/loans/{view.LoanId}/", view);
    }
}
