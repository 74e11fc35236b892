using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Aggregators;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Recharge.Features.Purchases;

/// <summary>
/// Staff's queue of purchases the aggregator left pending past <c>Recharge:StaffQueueMinutes</c>, and their decision on one,
/// after checking with the aggregator outside the system: SUCCESS (with the operator's reference) or FAILED (the refund).
/// </summary>
internal static class StaffPurchaseEndpoints
{
    public static void MapStaffPurchaseEndpoints(this IEndpointRouteBuilder api)
    {
        var staff = api.MapGroup("/admin/purchases").WithTags("Purchases (staff)");
        staff.MapGet("/pending", PendingAsync).RequireStaff(Roles.Admin, auditorMayRead: true)
            .WithSummary("Purchases pending longer than Recharge:StaffQueueMinutes, in reach, oldest first.");
        staff.MapPost("/{id}/resolve", ResolveAsync).RequireStaff(Roles.Admin).Idempotent()
            .WithSummary("{outcome: SUCCESS|FAILED, operator_ref (SUCCESS), reason}: settles a queued purchase once (409 when it is final or not queued yet).");
    }

    internal static async Task<Ok<Paged<PurchaseView>>> PendingAsync([AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal, AppDb db,
        IUserDirectory users, RechargeTerms terms, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var query = Queue(db, staff, terms);
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var planIds = rows.Select(r => r.PlanId).Distinct().ToArray();
        var plans = await db.GetTable<PlanRow>().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(r => PurchaseViews.Of(r, plans[r.PlanId], staff, staff: true)).ToList()));
    }

    private static async Task<Ok<PurchaseView>> ResolveAsync(string id, ResolveRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        PurchaseSettlement settlement, RechargeTerms terms, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var outcome = request.Outcome?.Trim().ToUpperInvariant();
        if (outcome is not ("SUCCESS" or "FAILED"))
        {
            errors["outcome"] = ["SUCCESS (the operator recharged it) or FAILED (it did not: the payer is refunded)."];
        }
        var reference = request.OperatorRef?.Trim();
        if (outcome == "SUCCESS" && (string.IsNullOrEmpty(reference) || reference.Length > 64))
        {
            errors["operator_ref"] = ["The operator's reference for the recharge (1 to 64 characters)."];
        }
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 150)
        {
            errors["reason"] = ["Say how you know, in 1 to 150 characters (it is kept in the audit trail)."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var purchaseId = id.Trim().ToUpperInvariant();
        var purchase = await db.GetTable<PurchaseRow>().FirstOrDefaultAsync(p => p.PurchaseId == purchaseId, cancellationToken);
        if (purchase is null || !Hierarchy.Reaches(staff, purchase.BranchCode))
        {
            throw ApiProblemException.NotFound("No such purchase in your reach.");
        }
        if (purchase.Status != PurchaseRow.Pending)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Not pending", $"The purchase is {purchase.Status} already; a purchase is final once.",
                code: "purchase_not_pending");
        }
        if (purchase.CreatedAt > terms.Now - terms.StaffQueueAge)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Not queued yet",
                $"The aggregator may still answer: staff decide a purchase only after {terms.Options.StaffQueueMinutes} minutes pending.", code: "purchase_not_queued");
        }
        var answer = outcome == "SUCCESS"
            ? new AggregatorAnswer(AggregatorStatus.Success, reference, reason)
            : new AggregatorAnswer(AggregatorStatus.Failed, null, $"Staff ({staff.UserCode}): {reason}");
        if (!await settlement.ApplyAsync(db, purchase.Id, answer, staff.UserCode, cancellationToken))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Not pending", "The aggregator's answer arrived first; a purchase is final once.", code: "purchase_not_pending");
        }
        var updated = await db.GetTable<PurchaseRow>().FirstAsync(p => p.Id == purchase.Id, CancellationToken.None);
        var plan = await db.GetTable<PlanRow>().FirstAsync(p => p.Id == purchase.PlanId, CancellationToken.None);
        return TypedResults.Ok(PurchaseViews.Of(updated, plan, staff, staff: true));
    }

    private static IQueryable<PurchaseRow> Queue(AppDb db, UserSummary staff, RechargeTerms terms)
    {
        var before = terms.Now - terms.StaffQueueAge;
        var query = db.GetTable<PurchaseRow>().Where(p => p.Status == PurchaseRow.Pending && Instants.AtOrBefore(p.CreatedAt, before));
        return Hierarchy.ReadLimit(staff) is { } limit ? query.Where(p => p.BranchCode == limit) : query;
    }
}
