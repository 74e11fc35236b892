using System.Globalization;
using System.Text.Json.Serialization;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Accounts;

/// <summary>Seed 001's account, with the fixed deposit's terms when it is one.</summary>
public sealed record AccountView(
    Guid Id,
    string AccountNumber,
    string AccountType,
    string Currency,
    string Balance,
    string AvailableBalance,
    string Status,
    string InterestRate,
    string MinimumBalance,
    string? DailyTransactionLimit,
    string? SingleTransactionLimit,
    DateTime CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TermMonths = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MaturesOn = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserCode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BranchCode = null);

internal static class AccountViews
{
    public static AccountView Of(LedgerAccount a, bool forStaff = false) => new(
        a.Id, a.AccountNumber, a.Kind, a.Currency, Money.Format(a.BalancePaise), Money.Format(a.BalancePaise - a.HeldPaise), a.Status,
        Rate(a.InterestRateBp), Money.Format(a.FloorPaise ?? 0),
        a.DailyLimitPaise is { } daily ? Money.Format(daily) : null,
        a.SingleLimitPaise is { } single ? Money.Format(single) : null,
        a.CreatedAt, a.TermMonths, a.MaturesOn,
        forStaff ? a.OwnerCode : null, forStaff ? a.BranchCode : null);

    /// <summary>Hundredths of a percent as seed 001 shows a rate: 350 → "3.50".</summary>
    public static string Rate(int hundredths) => (hundredths / 100).ToString(CultureInfo.InvariantCulture) + "." + (hundredths % 100).ToString("D2", CultureInfo.InvariantCulture);
}
