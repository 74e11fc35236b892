using System.Text.Json;
using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.Errors;

namespace CredbuzzPay.Api.Modules.BillPay.Features.Payments;

public sealed record FetchRequest(string? BillerId, JsonElement? CustomerParams);

/// <summary>A fetched bill: pay it with its fetch_id before valid_until.</summary>
public sealed record FetchView(string FetchId, string BillerId, string CustomerName, string BillAmount, string? MinimumDue, string DueDate, string BillDate, string BillNumber,
    DateTime ValidUntil, IReadOnlyDictionary<string, string> CustomerParams, string PlatformFee);

/// <summary>Pay a bill: {biller_id, customer_params, amount, fetch_id?, pay_from: wallet|account_number, account_number (with account_number)}.</summary>
public sealed record PayRequest(string? BillerId, JsonElement? CustomerParams, JsonElement? Amount, string? FetchId, string? PayFrom, string? AccountNumber);

public sealed record PaymentBiller(string BillerId, string Name, string CategoryCode);

/// <summary>A payment and its receipt: the parameters masked (a card shows its last 4 only).</summary>
public sealed record PaymentView(string PaymentId, string Reference, PaymentBiller Biller, IReadOnlyDictionary<string, string> CustomerParams, string Amount, string Fee,
    string Total, string PayFrom, string Status, string? BillerRef, string? FailureReason, DateTime CreatedAt, DateTime? PaidAt);

public sealed record PaymentQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] string? Status,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "biller_id")] string? BillerId,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "from")] string? From,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "to")] string? To);

internal static class PaymentViews
{
    public static PaymentView Of(PaymentRow p, BillerRow b) =>
        new(p.PaymentId, p.Reference, new PaymentBiller(b.BillerId, b.Name, b.CategoryCode), BillParams.FromJson(p.ParamsMasked), Money.Format(p.AmountPaise),
            Money.Format(p.FeePaise), Money.Format(p.AmountPaise + p.FeePaise), p.PayFrom, p.Status, p.BillerRef, p.FailureReason, p.CreatedAt, p.PaidAt);

    public static ApiProblemException Refused(string code, string title, string detail) => new(StatusCodes.Status422UnprocessableEntity, title, detail, code: code);
}
