using System.Security.Claims;
using CredbuzzPay.Api.Modules.Access.Contracts;
using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.BillPay.Features.Payments;

/// <summary>The BBPS-like flow: fetch, pay, and the payments (the payer's; staff's in reach).</summary>
internal static class PaymentEndpoints
{
    private static readonly string[] States = [PaymentRow.Pending, PaymentRow.Success, PaymentRow.Failed, PaymentRow.Refunded];

    public static void MapPaymentEndpoints(this IEndpointRouteBuilder api)
    {
        var bills = api.MapGroup("/bills").RequireAuthorization().WithTags("Bill payments");
        bills.MapPost("/fetch/", FetchAsync).RequireFeature("bill_payment")
            .WithSummary("{biller_id, customer_params}: the bill due (valid for BillPay:FetchValidMinutes), with the platform fee it would carry.");
        bills.MapPost("/pay/", PayAsync).RequireFeature("bill_payment").RequireVerifiedKyc().Idempotent()
            .WithSummary("{biller_id, customer_params, amount, fetch_id?, pay_from: wallet|account_number, account_number?}: SUCCESS, FAILED (refunded) or PENDING.");
        bills.MapGet("/payments/", ListAsync).WithSummary("Your bill payments (staff: in reach), newest first (?status=&biller_id=&from=&to=).");
        bills.MapGet("/payments/{paymentId}/", DetailAsync).WithSummary("One payment and its receipt.");
        bills.MapGet("/payments/{paymentId}/receipt", ReceiptAsync).WithSummary("The receipt (?format=json|pdf; pdf by default).")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");
    }

    private static async Task<Ok<FetchView>> FetchAsync(FetchRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, FetchBill handler,
        CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        return TypedResults.Ok(await handler.FetchAsync(caller, request, cancellationToken));
    }

    private static async Task<Created<PaymentView>> PayAsync(PayRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, PayBill handler,
        CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var payment = await handler.PayAsync(caller, request, cancellationToken);
        var biller = await db.GetTable<BillerRow>().FirstAsync(b => b.BillerId == payment.BillerId, CancellationToken.None);
        return TypedResults.Created($"/api/v1/bills/payments/{payment.PaymentId}/", PaymentViews.Of(payment, biller));
    }

    private static async Task<Ok<Paged<PaymentView>>> ListAsync([AsParameters] PaymentQuery filters, [AsParameters] PageQuery paging, HttpRequest http,
        ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var status = filters.Status is { Length: > 0 } s ? s.Trim().ToUpperInvariant() : null;
        if (status is not null && !States.Contains(status))
        {
            throw ApiProblemException.Validation("status", "PENDING, SUCCESS, FAILED or REFUNDED.");
        }
        var from = BankingDay.FromQuery(filters.From, "from");
        var to = BankingDay.FromQuery(filters.To, "to");
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var query = Visible(db, principal, caller);
        if (status is not null)
        {
            query = query.Where(p => p.Status == status);
        }
        if (filters.BillerId is { Length: > 0 } billerId)
        {
            var id = billerId.Trim().ToUpperInvariant();
            query = query.Where(p => p.BillerId == id);
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
        var ids = rows.Select(r => r.BillerId).Distinct().ToArray();
        var billers = await db.GetTable<BillerRow>().Where(b => ids.Contains(b.BillerId)).ToDictionaryAsync(b => b.BillerId, cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(r => PaymentViews.Of(r, billers[r.BillerId])).ToList()));
    }

    private static async Task<Ok<PaymentView>> DetailAsync(string paymentId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var id = paymentId.Trim().ToUpperInvariant();
        if (id.Length != 15 || !id.StartsWith("BPY", StringComparison.Ordinal) || !id.All(char.IsAsciiLetterOrDigit))
        {
            throw ApiProblemException.Validation("payment_id", "A payment id is BPY and twelve letters or digits.");
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var payment = await Visible(db, principal, caller).FirstOrDefaultAsync(p => p.PaymentId == id, cancellationToken)
            ?? throw ApiProblemException.NotFound("No such payment of yours.");
        var biller = await db.GetTable<BillerRow>().FirstAsync(b => b.BillerId == payment.BillerId, cancellationToken);
        return TypedResults.Ok(PaymentViews.Of(payment, biller));
    }

    private static async Task<IResult> ReceiptAsync(string paymentId, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "format")] string? format, ClaimsPrincipal principal,
        AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var kind = (format ?? "pdf").Trim().ToLowerInvariant();
        if (kind is not ("pdf" or "json"))
        {
            throw ApiProblemException.Validation("format", "json or pdf.");
        }
        var view = (await DetailAsync(paymentId, principal, db, users, cancellationToken)).Value!;
        return kind == "json" ? TypedResults.Ok(view) : TypedResults.File(ReceiptPdf.Write(view), "application/pdf", $"receipt-{view.PaymentId}.pdf");
    }

    private static IQueryable<PaymentRow> Visible(AppDb db, ClaimsPrincipal principal, UserSummary caller)
    {
        var payments = db.GetTable<PaymentRow>().AsQueryable();
        if (StaffAccess.ActsAsStaff(principal, caller))
        {
            var limit = Hierarchy.ReadLimit(caller);
            return limit is null ? payments : payments.Where(p => p.BranchCode == limit);
        }
        return payments.Where(p => p.PayerId == caller.Id);
    }
}
