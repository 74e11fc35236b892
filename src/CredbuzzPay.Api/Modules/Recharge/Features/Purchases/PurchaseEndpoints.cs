using System.Security.Claims;
using CredbuzzPay.Api.Modules.Access.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Aggregators;
using CredbuzzPay.Api.Modules.Recharge.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Recharge.Features.Purchases;

/// <summary>Seed 002's purchases: buy, history, one purchase, commissions earned, and the aggregator's callback.</summary>
internal static class PurchaseEndpoints
{
    private static readonly string[] States = [PurchaseRow.Pending, PurchaseRow.Success, PurchaseRow.Failed, PurchaseRow.Reversed];

    public static void MapPurchaseEndpoints(this IEndpointRouteBuilder api)
    {
        var purchases = api.MapGroup("/purchases").WithTags("Purchases");
        purchases.MapPost("/purchase/", BuyAsync).RequireAuthorization().RequireFeature("recharge").RequireVerifiedKyc().Idempotent()
            .WithSummary("{plan_id, mobile_number or subscriber_id, circle_code?}: a retailer for a walk-in customer, a client for themselves; SUCCESS, FAILED (refunded) or PENDING.");
        purchases.MapGet("/history/", HistoryAsync).RequireAuthorization()
            .WithSummary("Your purchases (a retailer: its sales; a distributor: its network's; staff: in reach), newest first (?status=&operator=&from=&to=).");
        purchases.MapGet("/commissions/", CommissionsAsync).RequireAuthorization()
            .WithSummary("What you earned per Asia/Kolkata day and operator (?from=&to=, default the last 30 days): gross, TDS withheld, net.");
        purchases.MapGet("/{id}/", DetailAsync).RequireAuthorization().WithSummary("One purchase of yours (a distributor: of its network; staff: in reach).");
        purchases.MapPost("/callback/{aggregator}", CallbackAsync).AllowAnonymous().WithMetadata(new RereadableBody())
            .WithSummary("The aggregator's signed answer (HMAC-SHA256 of the body, hex in X-Aggregator-Signature): {purchase_id, status, operator_ref?, reason?}.");
    }

    private static async Task<Created<PurchaseView>> BuyAsync(PurchaseRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, StartPurchase purchases,
        CancellationToken cancellationToken)
    {
        var order = PurchaseViews.Read(request);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var purchase = await purchases.BuyAsync(caller, order, cancellationToken);
        var plan = await db.GetTable<PlanRow>().FirstAsync(p => p.Id == purchase.PlanId, CancellationToken.None);
        return TypedResults.Created($"/api/v1/purchases/{purchase.PurchaseId}/", PurchaseViews.Of(purchase, plan, caller, staff: false));
    }

    private static async Task<Ok<Paged<PurchaseView>>> HistoryAsync([AsParameters] PurchaseQuery filters, [AsParameters] PageQuery paging, HttpRequest http,
        ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var status = filters.Status is { Length: > 0 } s ? s.Trim().ToUpperInvariant() : null;
        if (status is not null && !States.Contains(status))
        {
            throw ApiProblemException.Validation("status", "PENDING, SUCCESS, FAILED or REVERSED.");
        }
        var op = filters.Operator is { Length: > 0 } o ? o.Trim().ToUpperInvariant() : null;
        if (op is not null && !Operators.IsKnown(op))
        {
            throw ApiProblemException.Validation("operator", "Not an operator code (see plans/operators/).");
        }
        var from = BankingDay.FromQuery(filters.From, "from");
        var to = BankingDay.FromQuery(filters.To, "to");
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var (query, staff) = Visible(db, principal, caller);
        if (status is not null)
        {
            query = query.Where(p => p.Status == status);
        }
        if (op is not null)
        {
            query = query.Where(p => p.OperatorCode == op);
        }
        var (start, end) = BankingDay.Window(from, to);
        if (start is { } startUtc)
        {
            query = query.Where(p => Instants.AtOrAfter(p.CreatedAt, startUtc));
        }
        if (end is { } endUtc)
        {
            query = query.Where(p => Instants.Before(p.CreatedAt, endUtc));
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var planIds = rows.Select(r => r.PlanId).Distinct().ToArray();
        var plans = await db.GetTable<PlanRow>().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(r => PurchaseViews.Of(r, plans[r.PlanId], caller, staff)).ToList()));
    }

    private static async Task<Ok<PurchaseView>> DetailAsync(string id, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var purchaseId = id.Trim().ToUpperInvariant();
        if (purchaseId.Length != 15 || !purchaseId.StartsWith("PUR", StringComparison.Ordinal) || !purchaseId.All(char.IsAsciiLetterOrDigit))
        {
            throw ApiProblemException.Validation("id", "A purchase id is PUR and twelve letters or digits.");
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var (query, staff) = Visible(db, principal, caller);
        var purchase = await query.FirstOrDefaultAsync(p => p.PurchaseId == purchaseId, cancellationToken) ?? throw ApiProblemException.NotFound("No such purchase of yours.");
        var plan = await db.GetTable<PlanRow>().FirstAsync(p => p.Id == purchase.PlanId, cancellationToken);
        return TypedResults.Ok(PurchaseViews.Of(purchase, plan, caller, staff));
    }

    private static async Task<Ok<CommissionSummary>> CommissionsAsync([Microsoft.AspNetCore.Mvc.FromQuery(Name = "from")] string? from,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "to")] string? to, ClaimsPrincipal principal, AppDb db, IUserDirectory users, RechargeTerms terms,
        CancellationToken cancellationToken)
    {
        var last = BankingDay.FromQuery(to, "to") ?? BankingDay.Of(terms.Now);
        var first = BankingDay.FromQuery(from, "from") ?? last.AddDays(-29);
        if (first > last || last.DayNumber - first.DayNumber > 366)
        {
            throw ApiProblemException.Validation("from", "from is on or before to, at most 367 days apart.");
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var me = (Guid?)caller.Id;
        var start = BankingDay.StartUtc(first);
        var end = BankingDay.StartUtc(last.AddDays(1));
        var rows = await db.GetTable<PurchaseRow>()
            .Where(p => p.Status == PurchaseRow.Success && (p.PayerId == caller.Id || p.DistributorId == me)
                && Instants.AtOrAfter(p.CreatedAt, start) && Instants.Before(p.CreatedAt, end))
            .Select(p => new { p.CreatedAt, p.OperatorCode, p.PayerId, p.RetailerPaise, p.RetailerTdsPaise, p.DistributorPaise, p.DistributorTdsPaise })
            .ToListAsync(cancellationToken);
        var lines = rows
            .Select(r => (Day: BankingDay.Key(r.CreatedAt), r.OperatorCode,
                Net: r.PayerId == caller.Id ? r.RetailerPaise : r.DistributorPaise, Tds: r.PayerId == caller.Id ? r.RetailerTdsPaise : r.DistributorTdsPaise))
            .Where(r => r.Net + r.Tds > 0)
            .GroupBy(r => (r.Day, r.OperatorCode))
            .OrderByDescending(g => g.Key.Day).ThenBy(g => g.Key.OperatorCode, StringComparer.Ordinal)
            .Select(g => new CommissionLine(g.Key.Day, g.Key.OperatorCode, g.Count(), Money.Format(g.Sum(r => r.Net + r.Tds)), Money.Format(g.Sum(r => r.Tds)),
                Money.Format(g.Sum(r => r.Net))))
            .ToList();
        var net = rows.Sum(r => r.PayerId == caller.Id ? r.RetailerPaise : r.DistributorPaise);
        var tds = rows.Sum(r => r.PayerId == caller.Id ? r.RetailerTdsPaise : r.DistributorTdsPaise);
        return TypedResults.Ok(new CommissionSummary(BankingDay.Key(first), BankingDay.Key(last), Money.Format(net + tds), Money.Format(tds), Money.Format(net), lines));
    }

    private static async Task<Ok<CallbackReceipt>> CallbackAsync(string aggregator, HttpRequest request, PurchaseCallbacks callbacks, CancellationToken cancellationToken)
    {
        request.Body.Position = 0;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        return TypedResults.Ok(await callbacks.ReceiveAsync(aggregator, body.ToArray(), request.Headers[CallbackSignature.Header].ToString(), cancellationToken));
    }

    /// <summary>
    /// The purchases the caller reaches: their own (a client's, a retailer's sales), a distributor's network's, or staff's in
    /// their branches (on a staff platform). Answers whether the caller reads them as staff (numbers masked, no commission).
    /// </summary>
    private static (IQueryable<PurchaseRow> Query, bool Staff) Visible(AppDb db, ClaimsPrincipal principal, UserSummary caller)
    {
        var purchases = db.GetTable<PurchaseRow>().AsQueryable();
        if (StaffAccess.ActsAsStaff(principal, caller))
        {
            var limit = Hierarchy.ReadLimit(caller);
            return (limit is null ? purchases : purchases.Where(p => p.BranchCode == limit), true);
        }
        var me = (Guid?)caller.Id;
        return (purchases.Where(p => p.PayerId == caller.Id || p.DistributorId == me), false);
    }
}
