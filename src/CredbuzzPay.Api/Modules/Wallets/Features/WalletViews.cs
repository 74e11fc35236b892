using System.Security.Claims;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Wallets.Data;
using CredbuzzPay.Api.Platform.Errors;

namespace CredbuzzPay.Api.Modules.Wallets.Features;

/// <summary>Seed 002's wallet.</summary>
public sealed record WalletView(Guid Id, string UserCode, string AccountNumber, string Balance, string AvailableBalance, string Status, DateTime CreatedAt);

/// <summary>One line of a wallet's history: what the entry did to this wallet (amount unsigned, direction CREDIT or DEBIT).</summary>
public sealed record WalletTransactionView(string TransactionId, string TransactionType, string Direction, string Amount, string? BalanceAfter, string Status,
    string? Description, DateTime CreatedAt, DateTime? ProcessedAt);

/// <summary>Staff's filters: the owner's tier and branch.</summary>
public sealed record WalletQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "tier")] string? Tier,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "branch")] string? Branch);

/// <summary>The history's filters: a wallet (staff: any in reach), an entry type, Asia/Kolkata days from/to (inclusive).</summary>
public sealed record WalletTransactionQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "wallet_id")] string? WalletId,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "type")] string? Type,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "from")] string? From,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "to")] string? To);

/// <summary>Seed 002's add-to-wallet and debit-from-wallet: the user (by email or code), the amount, a description.</summary>
public sealed record WalletFundingRequest(string? UserEmail, string? UserCode, JsonElement? Amount, string? Description);

/// <summary>A distributor's transfer to one of its retailers.</summary>
public sealed record WalletTransferRequest(string? ToUserCode, JsonElement? Amount, string? Description);

/// <summary>A customer's or retailer's load of their own wallet through the funding provider.</summary>
public sealed record AddMoneyRequest(JsonElement? Amount);

/// <summary>
/// What a wallet movement led to: the transaction (COMPLETED, or PENDING/FAILED as the funding provider answered) or,
/// for a staff movement at or above the approval threshold, the request waiting for a second staff member (PENDING_APPROVAL).
/// </summary>
public sealed record WalletMoneyResponse(string Message, string? TransactionId, string Status, string Amount, string? ApprovalId, DateTime? ApprovalExpiresAt, WalletView Wallet);

internal static class WalletViews
{
    public static WalletView Of(WalletRow wallet, LedgerAccountInfo account) =>
        new(wallet.AccountId, wallet.UserCode, wallet.AccountNumber, Money.Format(account.BalancePaise), Money.Format(account.AvailablePaise), account.Status, wallet.CreatedAt);

    public static WalletTransactionView Of(AccountMovement line) =>
        new(line.TransactionId, line.EntryType, line.AmountPaise >= 0 ? "CREDIT" : "DEBIT", Money.Format(Math.Abs(line.AmountPaise)),
            line.BalanceAfterPaise is { } after ? Money.Format(after) : null, line.Status, line.Description, line.CreatedAt, line.ProcessedAt);

    /// <summary>Staff (admin and above, or an auditor) signed in on a staff platform, and active: they reach wallets in their branches.</summary>
    public static bool IsStaff(ClaimsPrincipal principal, UserSummary caller) =>
        StaffAccess.ActsAsStaff(principal, caller);

    /// <summary>Whether a staff member reaches a wallet of this branch.</summary>
    public static bool InReach(UserSummary staff, string? branchCode) =>
        Hierarchy.Reaches(staff, branchCode);

    public static Guid WalletId(string? text, string field) =>
        Guid.TryParse(text?.Trim(), out var id) ? id : throw ApiProblemException.Validation(field, "A wallet id is the id a wallet list or detail shows (a UUID).");

    /// <summary>An optional description: at most 255 characters, trimmed; null when blank.</summary>
    public static string? Description(string? given, Dictionary<string, string[]> errors)
    {
        var text = given?.Trim();
        if (text is { Length: > 255 })
        {
            errors["description"] = ["At most 255 characters."];
        }
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public static long Amount(JsonElement? value, Dictionary<string, string[]> errors)
    {
        var (paise, error) = Money.ParseRequest(value);
        if (error is not null)
        {
            errors["amount"] = [error];
        }
        return paise;
    }

    public static ApiProblemException NoWallet(string detail) => new(StatusCodes.Status404NotFound, "No wallet", detail, code: "no_wallet");
}
