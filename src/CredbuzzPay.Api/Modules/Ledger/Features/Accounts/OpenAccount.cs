using System.Text.Json;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Accounts;

/// <summary>Seed 001's account opening: {account_type, minimum_balance?}; a fixed deposit adds {principal, term_months, funding_account_number}.</summary>
public sealed record OpenAccountRequest(string? AccountType, JsonElement? MinimumBalance, JsonElement? Principal, int? TermMonths, string? FundingAccountNumber);

/// <summary>Opens an account for a KYC-verified customer; a fixed deposit is funded from their own account in the same transaction.</summary>
internal sealed class OpenAccount
{
    /// <summary>Seed 001's own sentence for a customer whose KYC is not approved.</summary>
    public const string KycRequired = "KYC verification required to create account. Please complete KYC verification.";

    private readonly AppDb _db;
    private readonly ILedger _ledger;
    private readonly Tariff _tariff;
    private readonly TimeProvider _clock;

    public OpenAccount(AppDb db, ILedger ledger, Tariff tariff, TimeProvider clock)
    {
        _db = db;
        _ledger = ledger;
        _tariff = tariff;
        _clock = clock;
    }

    public async Task<AccountView> OpenAsync(UserSummary caller, OpenAccountRequest request, CancellationToken cancellationToken)
    {
        if (caller.KycStatus != OverallKycStatuses.Verified)
        {
            throw ApiProblemException.Forbidden(KycRequired);
        }
        var errors = new Dictionary<string, string[]>();
        var kind = request.AccountType?.Trim().ToUpperInvariant();
        if (kind is not (AccountKinds.Savings or AccountKinds.Current or AccountKinds.FixedDeposit))
        {
            errors["account_type"] = ["Account type must be SAVINGS, CURRENT or FIXED_DEPOSIT."];
            throw ApiProblemException.Validation(errors);
        }
        var terms = _tariff.For(kind);
        var floor = terms.FloorPaise;
        if (request.MinimumBalance is { ValueKind: not JsonValueKind.Null } given)
        {
            var text = given.ValueKind == JsonValueKind.String ? given.GetString() : given.ValueKind == JsonValueKind.Number ? given.GetRawText() : null;
            var asked = Money.ParseText(text, Money.MaxRequestPaise);
            if (asked is null)
            {
                errors["minimum_balance"] = ["Give an amount of at least 0 and at most 10000000.00, with at most two decimals."];
            }
            else if (asked < terms.FloorPaise)
            {
                errors["minimum_balance"] = [$"The minimum balance of a {kind} account is at least {Money.Format(terms.FloorPaise)}."];
            }
            else
            {
                floor = asked.Value;
            }
        }
        if (kind != AccountKinds.FixedDeposit)
        {
            if (errors.Count > 0)
            {
                throw ApiProblemException.Validation(errors);
            }
            var opened = await _ledger.RunAsync(_db, books => books.OpenAsync(new NewAccount(kind, caller.Id, caller.UserCode, caller.BranchCode, floor,
                terms.InterestRateBp, terms.SingleLimitPaise, terms.DailyLimitPaise)), cancellationToken);
            return await ViewAsync(opened.Id, cancellationToken);
        }
        return await OpenFixedDepositAsync(caller, request, errors, cancellationToken);
    }

    private async Task<AccountView> OpenFixedDepositAsync(UserSummary caller, OpenAccountRequest request, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var (principal, principalError) = Money.ParseRequest(request.Principal);
        if (principalError is not null)
        {
            errors["principal"] = [principalError];
        }
        if (request.TermMonths is not (>= 1 and <= 120))
        {
            errors["term_months"] = ["A fixed deposit runs for 1 to 120 months."];
        }
        if (!AccountNumbers.IsWellFormed(request.FundingAccountNumber))
        {
            errors["funding_account_number"] = ["Give your SAVINGS or CURRENT account number (three letters and nine digits; check the number)."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var funding = await _ledger.FindAsync(_db, request.FundingAccountNumber!, cancellationToken);
        if (funding is null || funding.OwnerId != caller.Id)
        {
            throw ApiProblemException.NotFound("No such account of yours.");
        }
        if (funding.Kind is not (AccountKinds.Savings or AccountKinds.Current))
        {
            throw ApiProblemException.Validation("funding_account_number", "A fixed deposit is funded from a SAVINGS or CURRENT account.");
        }
        var months = request.TermMonths!.Value;
        var matures = BankingDay.Of(_clock.GetUtcNow().UtcDateTime).AddMonths(months);
        var opened = await _ledger.RunAsync(_db, async books =>
        {
            // The principal is locked by the kind (no debits from a fixed deposit), not by a floor.
            var deposit = await books.OpenAsync(new NewAccount(AccountKinds.FixedDeposit, caller.Id, caller.UserCode, caller.BranchCode, 0,
                _tariff.FixedDepositRateBp(months), null, null, months, matures, funding.Id));
            await books.PostAsync(new JournalDraft
            {
                EntryType = EntryTypes.Transfer, AmountPaise = principal, From = funding, To = deposit, InitiatedBy = caller.UserCode,
                Description = $"Fixed deposit principal, {months} months",
            });
            return deposit;
        }, cancellationToken);
        return await ViewAsync(opened.Id, cancellationToken);
    }

    private async Task<AccountView> ViewAsync(Guid id, CancellationToken cancellationToken) =>
        AccountViews.Of(await _db.GetTable<LedgerAccount>().FirstAsync(a => a.Id == id, cancellationToken));
}
