using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Platform.Errors;

namespace CredbuzzPay.Api.Modules.Recharge.Features.Purchases;

/// <summary>Seed 002's purchase: {plan_id, mobile_number (mobile plans) or subscriber_id (DTH), circle_code?}.</summary>
public sealed record PurchaseRequest(string? PlanId, string? MobileNumber, string? SubscriberId, string? CircleCode);

public sealed record PurchasePlan(Guid Id, string OperatorCode, string PlanType, string Price, string Description);

/// <summary>
/// A purchase as the caller may see it: the number in full to the payer, masked to the last four for anyone else (a
/// distributor's network, staff); <c>commission</c> is what the caller earned on it (null for staff).
/// </summary>
public sealed record PurchaseView(string Id, PurchasePlan Plan, string? MobileNumber, string? SubscriberId, string? CircleCode, string Amount, string Status,
    string? OperatorRef, string? Commission, string? FailureReason, DateTime CreatedAt, DateTime? CompletedAt);

/// <summary>The history's filters: status, operator, Asia/Kolkata days from/to (inclusive).</summary>
public sealed record PurchaseQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] string? Status,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "operator")] string? Operator,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "from")] string? From,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "to")] string? To);

/// <summary>What the caller earned on one Asia/Kolkata day from one operator's successful sales: gross, the TDS withheld, and net.</summary>
public sealed record CommissionLine(string Day, string OperatorCode, int Purchases, string Gross, string Tds, string Commission);

public sealed record CommissionSummary(string From, string To, string Gross, string Tds, string Commission, IReadOnlyList<CommissionLine> Days);

/// <summary>A staff decision on a purchase the aggregator never settled: {outcome: SUCCESS|FAILED, operator_ref (SUCCESS), reason}.</summary>
public sealed record ResolveRequest(string? Outcome, string? OperatorRef, string? Reason);

internal static class PurchaseViews
{
    public static PurchaseView Of(PurchaseRow p, PlanRow plan, UserSummary viewer, bool staff)
    {
        var own = p.PayerId == viewer.Id;
        var number = own ? p.Subscriber : Masked(p.Subscriber);
        var dth = plan.PlanType == "dth";
        string? commission = staff && !own ? null : Money.Format(Earned(p, viewer.Id));
        return new PurchaseView(p.PurchaseId, new PurchasePlan(plan.Id, plan.OperatorCode, plan.PlanType, Money.Format(plan.PricePaise), plan.Description),
            dth ? null : number, dth ? number : null, p.CircleCode, Money.Format(p.AmountPaise), p.Status, p.OperatorRef, commission, p.FailureReason, p.CreatedAt, p.CompletedAt);
    }

    /// <summary>What <paramref name="userId"/> keeps of a purchase: the retailer's or the distributor's net share of a successful sale.</summary>
    public static long Earned(PurchaseRow p, Guid userId) =>
        p.Status != PurchaseRow.Success ? 0 : p.PayerId == userId ? p.RetailerPaise : p.DistributorId == userId ? p.DistributorPaise : 0;

    public static string Masked(string number) => number.Length > 4 ? new string('X', number.Length - 4) + number[^4..] : "XXXX";

    /// <summary>Checks the request's shape (400 with every field's message) before anything is looked up.</summary>
    public static PurchaseOrder Read(PurchaseRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Guid.TryParse(request.PlanId?.Trim(), out var planId))
        {
            errors["plan_id"] = ["The id of a plan from plans/."];
        }
        var mobile = request.MobileNumber?.Trim();
        if (mobile is not null && !(mobile.Length == 10 && mobile.All(char.IsAsciiDigit) && mobile[0] is >= '6' and <= '9'))
        {
            errors["mobile_number"] = ["10 digits, the first 6 to 9 (no +91)."];
        }
        var subscriber = request.SubscriberId?.Trim();
        if (subscriber is not null && !(subscriber.Length is >= 8 and <= 12 && subscriber.All(char.IsAsciiDigit)))
        {
            errors["subscriber_id"] = ["A DTH subscriber id: 8 to 12 digits."];
        }
        if (mobile is not null && subscriber is not null)
        {
            errors["subscriber_id"] = ["Give the mobile_number for a mobile plan or the subscriber_id for a DTH plan, not both."];
        }
        var circle = request.CircleCode?.Trim().ToUpperInvariant();
        if (circle is { Length: 0 })
        {
            circle = null;
        }
        if (circle is not null && !Catalogue.PlanCatalogue.Circles.Any(c => c.Code == circle))
        {
            errors["circle_code"] = ["A circle code (see plans/circles/)."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        return new PurchaseOrder(planId, mobile, subscriber, circle);
    }
}
