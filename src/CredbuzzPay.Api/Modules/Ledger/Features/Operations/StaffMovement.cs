using System.Text.Json;
using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Ledger.Features.Accounts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Operations;

/// <summary>A teller's or back office's movement: {transaction_type, account_number, amount, reason, direction (ADJUSTMENT: CREDIT or DEBIT)}.</summary>
public sealed record StaffTransactionRequest(string? TransactionType, string? AccountNumber, JsonElement? Amount, string? Reason, string? Direction);

/// <summary>A reason, required for every staff action on the books (it goes into the entry and the audit trail).</summary>
public sealed record StaffReasonRequest(string? Reason);

/// <summary>A checked staff movement.</summary>
internal sealed record StaffOrder(string Type, string? Direction, string AccountNumber, long AmountPaise, string Reason);

/// <summary>
/// The staff movements and what each moves: cash at a branch (DEPOSIT from branch cash, WITHDRAWAL to it),
/// a charge (FEE to fee income), INTEREST from interest expense, and an ADJUSTMENT against suspense in
/// either direction. The customer's account is guarded like any other (floor, ACTIVE); limits are the customer's, not the bank's.
/// </summary>
internal static class StaffMovement
{
    public const string Credit = "CREDIT";
    public const string Debit = "DEBIT";
    private static readonly string[] Types = [EntryTypes.Deposit, EntryTypes.Withdrawal, EntryTypes.Fee, EntryTypes.Interest, EntryTypes.Adjustment];

    public static StaffOrder Read(StaffTransactionRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var type = request.TransactionType?.Trim().ToUpperInvariant();
        if (type is null || !Types.Contains(type))
        {
            errors["transaction_type"] = ["One of DEPOSIT, WITHDRAWAL, FEE, INTEREST, ADJUSTMENT."];
        }
        var number = request.AccountNumber?.Trim().ToUpperInvariant();
        if (!AccountNumbers.IsWellFormed(number))
        {
            errors["account_number"] = ["Not an account number: three letters and nine digits whose last is a check digit; check it for a typo."];
        }
        var (amount, amountError) = Money.ParseRequest(request.Amount);
        if (amountError is not null)
        {
            errors["amount"] = [amountError];
        }
        var reason = Reason(request.Reason, errors);
        var direction = request.Direction?.Trim().ToUpperInvariant();
        if (type == EntryTypes.Adjustment && direction is not (Credit or Debit))
        {
            errors["direction"] = ["An ADJUSTMENT is a CREDIT (to the account, from suspense) or a DEBIT (from the account, to suspense)."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        return new StaffOrder(type!, type == EntryTypes.Adjustment ? direction : null, number!, amount, reason!);
    }

    /// <summary>The reason, trimmed: required, at most 255 characters.</summary>
    public static string? Reason(string? given, Dictionary<string, string[]> errors)
    {
        var reason = given?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 255)
        {
            errors["reason"] = ["Say why, in 1 to 255 characters (it is kept with the entry and in the audit trail)."];
            return null;
        }
        return reason;
    }

    public static string ReasonOnly(StaffReasonRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        return Reason(request.Reason, errors) ?? throw ApiProblemException.Validation(errors);
    }

    /// <summary>The entry a movement writes, with the bank's side of it.</summary>
    public static async Task<JournalDraft> DraftAsync(ILedger ledger, AppDb db, LedgerAccountInfo account, string type, string? direction, long amountPaise, string reason,
        string initiatedBy, CancellationToken cancellationToken)
    {
        if (account.Kind == AccountKinds.FixedDeposit)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Fixed deposit",
                "A fixed deposit moves only by its terms (interest, maturity, closure).", code: LedgerRefusals.FixedDepositLocked);
        }
        // A wallet holds no cash: what staff add to or take from it comes from or goes to the platform's float.
        var till = account.Kind == AccountKinds.Wallet ? SystemAccounts.WalletFloat : SystemAccounts.BranchCash;
        var (system, toCustomer) = type switch
        {
            EntryTypes.Deposit => (till, true),
            EntryTypes.Withdrawal => (till, false),
            EntryTypes.Fee => (SystemAccounts.FeeIncome, false),
            EntryTypes.Interest => (SystemAccounts.InterestExpense, true),
            _ => (SystemAccounts.Suspense, direction == Credit),
        };
        var bank = await ledger.SystemAsync(db, system, cancellationToken);
        return new JournalDraft
        {
            EntryType = type, AmountPaise = amountPaise, From = toCustomer ? bank : account, To = toCustomer ? account : bank,
            Description = reason, InitiatedBy = initiatedBy,
        };
    }

    /// <summary>A customer's account (never the bank's own, nor a loan account: it moves only by its schedule) in the staff member's reach, or a 404.</summary>
    public static LedgerAccountInfo InReach(Identity.Contracts.UserSummary staff, LedgerAccountInfo? account) =>
        account is not null && account.Kind is not (AccountKinds.System or AccountKinds.Loan) && account.OwnerId is not null && Admin.AdminAccountEndpoints.InReach(staff, account.BranchCode)
            ? account : throw ApiProblemException.NotFound("No such account in your reach.");

    public static string WellFormedNumber(string accountNumber) => AccountEndpoints.WellFormed(accountNumber);
}
