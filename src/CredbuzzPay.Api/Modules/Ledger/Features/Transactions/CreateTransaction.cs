using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Features.Admin;
using CredbuzzPay.Api.Modules.Ledger.Providers;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Transactions;

/// <summary>
/// Seed 001's POST transactions/: checks who may move what (KYC, ownership, destination), prices the
/// fee, and moves the money through the ledger (directly, or through a provider for money in and out).
/// </summary>
internal sealed class CreateTransaction
{
    private readonly AppDb _db;
    private readonly ILedger _ledger;
    private readonly Tariff _tariff;
    private readonly ProviderGateway _gateway;
    private readonly IVerifiedBankAccounts _banks;
    private readonly Reviews.FraudReviews _reviews;

    public CreateTransaction(AppDb db, ILedger ledger, Tariff tariff, ProviderGateway gateway, IVerifiedBankAccounts banks, Reviews.FraudReviews reviews)
    {
        _reviews = reviews;
        _db = db;
        _ledger = ledger;
        _tariff = tariff;
        _gateway = gateway;
        _banks = banks;
    }

    /// <summary>Moves the money; answers the entry's id (its state may be PENDING or FAILED when a provider said so).</summary>
    public async Task<Guid> CreateAsync(UserSummary caller, ClaimsPrincipal principal, TransactionOrder order, CancellationToken cancellationToken)
    {
        if (order.Type is EntryTypes.Fee or EntryTypes.Interest)
        {
            return await PostByStaffAsync(caller, principal, order, cancellationToken);
        }
        if (caller.KycStatus != OverallKycStatuses.Verified)
        {
            throw ApiProblemException.Forbidden(KycGate.RequiredDetail);
        }
        var fee = _tariff.FeeFor(order.Type, order.AmountPaise);
        var draft = new JournalDraft
        {
            EntryType = order.Type, AmountPaise = order.AmountPaise, FeePaise = fee, Description = order.Description, InitiatedBy = caller.UserCode,
            From = null!, To = null!,
        };
        switch (order.Type)
        {
            case EntryTypes.Deposit:
            {
                var to = await OwnAsync(caller, order.To!, cancellationToken);
                NotFixedDeposit(to);
                var funding = await _ledger.SystemAsync(_db, SystemAccounts.FundingClearing, cancellationToken);
                return await _gateway.DepositAsync(_db, draft with { From = funding, To = to, FeePayer = to }, caller.UserCode, cancellationToken);
            }
            case EntryTypes.Withdrawal:
            {
                var from = await SourceAsync(caller, order.From!, cancellationToken);
                var bank = await _banks.FindAsync(_db, caller.Id, cancellationToken)
                    ?? throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "No verified bank account",
                        "A withdrawal goes to your KYC-verified bank account; get the KYC bank section verified first.", code: "bank_account_not_verified");
                var clearing = await _ledger.SystemAsync(_db, SystemAccounts.PayoutClearing, cancellationToken);
                return await _reviews.PayOutAsync(_db, caller, draft with { From = from, To = clearing, CountsTowardLimits = true, Payee = new ExternalPayee(bank.HolderName, bank.Masked, bank.Ifsc) },
                    new Beneficiary(bank.HolderName, bank.AccountNumber, bank.Ifsc), cancellationToken);
            }
            case EntryTypes.Payment when order.Payee is { } payee:
            {
                var from = await SourceAsync(caller, order.From!, cancellationToken);
                var clearing = await _ledger.SystemAsync(_db, SystemAccounts.PayoutClearing, cancellationToken);
                return await _reviews.PayOutAsync(_db, caller, draft with
                {
                    From = from, To = clearing, CountsTowardLimits = true, Payee = new ExternalPayee(payee.Name, Platform.Privacy.Masks.Number(payee.AccountNumber), payee.Ifsc),
                }, new Beneficiary(payee.Name, payee.AccountNumber, payee.Ifsc), cancellationToken);
            }
            default:
            {
                var from = await SourceAsync(caller, order.From!, cancellationToken);
                var to = await DestinationAsync(order.To!, cancellationToken);
                return await _reviews.TransferAsync(_db, caller, draft with { From = from, To = to, CountsTowardLimits = true }, $"account:{to.Id:N}", cancellationToken);
            }
        }
    }

    /// <summary>FEE (from a customer's account to fee income) and INTEREST (from interest expense to it): staff of admin rank on a staff platform, in their reach.</summary>
    private async Task<Guid> PostByStaffAsync(UserSummary caller, ClaimsPrincipal principal, TransactionOrder order, CancellationToken cancellationToken)
    {
        if (!StaffAccess.OnStaffPlatform(principal) || caller.Role is Roles.User or Roles.Auditor || caller.Status != UserStatuses.Active)
        {
            throw ApiProblemException.Forbidden("FEE and INTEREST entries are posted by the bank's systems and staff, not by customers.");
        }
        if (order.AmountPaise >= _tariff.ApprovalThresholdPaise)
        {
            // Maker-checker applies to every staff movement at or above the threshold; this endpoint answers only with a posted entry.
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Approval required",
                $"A staff movement of {Money.Format(_tariff.ApprovalThresholdPaise)} or more needs a second staff member's approval: post it at admin/transactions/ with a reason.",
                code: "approval_required");
        }
        var number = order.Type == EntryTypes.Fee ? order.From! : order.To!;
        var account = await _ledger.FindAsync(_db, number, cancellationToken);
        if (account is null || account.OwnerId is null || !AdminAccountEndpoints.InReach(caller, account.BranchCode))
        {
            throw ApiProblemException.NotFound("No such account in your reach.");
        }
        var system = await _ledger.SystemAsync(_db, order.Type == EntryTypes.Fee ? SystemAccounts.FeeIncome : SystemAccounts.InterestExpense, cancellationToken);
        var draft = new JournalDraft
        {
            EntryType = order.Type, AmountPaise = order.AmountPaise, Description = order.Description, InitiatedBy = caller.UserCode,
            From = order.Type == EntryTypes.Fee ? account : system,
            To = order.Type == EntryTypes.Fee ? system : account,
        };
        var posted = await _ledger.RunAsync(_db, books => books.PostAsync(draft), cancellationToken);
        return posted.EntryId;
    }

    private async Task<LedgerAccountInfo> OwnAsync(UserSummary caller, string number, CancellationToken cancellationToken)
    {
        var account = await _ledger.FindAsync(_db, number, cancellationToken);
        return account is not null && account.OwnerId == caller.Id ? account : throw ApiProblemException.NotFound("No such account of yours.");
    }

    private async Task<LedgerAccountInfo> SourceAsync(UserSummary caller, string number, CancellationToken cancellationToken)
    {
        var account = await OwnAsync(caller, number, cancellationToken);
        NotFixedDeposit(account);
        return account.Status == AccountStatuses.Active ? account : throw NotActive("Your account is frozen or closed.");
    }

    private async Task<LedgerAccountInfo> DestinationAsync(string number, CancellationToken cancellationToken)
    {
        var account = await _ledger.FindAsync(_db, number, cancellationToken);
        if (account is null || account.Kind == AccountKinds.System || account.Status != AccountStatuses.Active)
        {
            throw NotActive("The destination account does not exist or is not active (frozen or closed).");
        }
        NotFixedDeposit(account);
        return account;
    }

    private static void NotFixedDeposit(LedgerAccountInfo account)
    {
        if (account.Kind == AccountKinds.Loan)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Loan account", "A loan account moves only by its schedule: repay a loan at loans/{loan_id}/repay.",
                code: "loan_account");
        }
        if (account.Kind == AccountKinds.FixedDeposit)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Fixed deposit", "A fixed deposit's principal is locked until it matures or is closed.",
                code: LedgerRefusals.FixedDepositLocked);
        }
    }

    private static ApiProblemException NotActive(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, "Account not active", detail, code: LedgerRefusals.AccountNotActive);
}
