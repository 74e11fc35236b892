using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Wallets.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Wallets.Features;

/// <summary>
/// The wallet movements, each through the ledger's contract: staff's add and debit against the platform's float
/// (maker-checker at or above the threshold), a distributor's transfer to its own retailer, and a customer's or
/// retailer's load through the funding provider. The body is checked before anything is looked up.
/// </summary>
internal sealed class WalletMoney
{
    private readonly AppDb _db;
    private readonly IUserDirectory _users;
    private readonly ILedger _ledger;
    private readonly WalletDirectory _wallets;
    private readonly IStaffMovements _staff;
    private readonly ILedgerFunding _funding;

    public WalletMoney(AppDb db, IUserDirectory users, ILedger ledger, WalletDirectory wallets, IStaffMovements staff, ILedgerFunding funding)
    {
        _db = db;
        _users = users;
        _ledger = ledger;
        _wallets = wallets;
        _staff = staff;
        _funding = funding;
    }

    public async Task<Results<Created<WalletMoneyResponse>, Accepted<WalletMoneyResponse>>> StaffMoveAsync(ClaimsPrincipal principal, WalletFundingRequest request,
        string entryType, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var code = request.UserCode?.Trim().ToUpperInvariant();
        var email = request.UserEmail?.Trim();
        if (string.IsNullOrEmpty(code) == string.IsNullOrEmpty(email))
        {
            errors["user_code"] = ["Give the user's user_code or their user_email (one of them)."];
        }
        var amount = WalletViews.Amount(request.Amount, errors);
        var description = WalletViews.Description(request.Description, errors);
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var staff = await _users.CallerAsync(_db, principal, cancellationToken);
        var target = string.IsNullOrEmpty(code) ? await _users.FindByEmailAsync(_db, email!, cancellationToken) : await _users.FindByCodeAsync(_db, code, cancellationToken);
        if (target is null || !Hierarchy.Sees(staff, target) || target.Role != Roles.User)
        {
            throw ApiProblemException.NotFound("No such user in your reach.");
        }
        var wallet = await WalletDirectory.OfAsync(_db, target.Id, cancellationToken)
            ?? throw WalletViews.NoWallet("The user has no wallet yet: distributors and retailers get one when they join the tier, customers open theirs.");
        var reason = description ?? (entryType == EntryTypes.Deposit ? $"Added to wallet by {staff.UserCode}" : $"Debited from wallet by {staff.UserCode}");
        var outcome = await _staff.MoveAsync(staff, wallet.AccountNumber, entryType, amount, reason, cancellationToken);
        var view = await ViewAsync(wallet, cancellationToken);
        if (outcome.ApprovalId is { } approval)
        {
            return TypedResults.Accepted($"/api/v1/admin/approvals/{approval}/", new WalletMoneyResponse(
                "At or above the approval threshold: a second staff member approves it at admin/approvals/ before the money moves.", null,
                outcome.ApprovalStatus ?? "PENDING_APPROVAL", Money.Format(amount), approval, outcome.ApprovalExpiresAt, view));
        }
        var entry = (await _ledger.EntryAsync(_db, outcome.EntryId!.Value, CancellationToken.None))!;
        return TypedResults.Created($"/api/v1/transactions/{entry.TransactionId}/", new WalletMoneyResponse(
            entryType == EntryTypes.Deposit ? "Added to the wallet." : "Debited from the wallet.", entry.TransactionId, entry.Status, Money.Format(amount), null, null, view));
    }

    public async Task<WalletMoneyResponse> TransferAsync(ClaimsPrincipal principal, WalletTransferRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var code = request.ToUserCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            errors["to_user_code"] = ["Give the retailer's user_code."];
        }
        var amount = WalletViews.Amount(request.Amount, errors);
        var description = WalletViews.Description(request.Description, errors);
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var caller = await _users.CallerAsync(_db, principal, cancellationToken);
        if (caller.Role != Roles.User || caller.Tier != Tiers.Distributor)
        {
            throw ApiProblemException.Forbidden("Only a distributor transfers, and only to its own retailers.");
        }
        var retailer = await _users.FindByCodeAsync(_db, code!, cancellationToken);
        if (retailer is null || retailer.Tier != Tiers.Retailer || retailer.ParentId != caller.Id)
        {
            throw ApiProblemException.NotFound("No such retailer of yours.");
        }
        var (from, _) = await _wallets.EnsureAsync(_db, caller, cancellationToken);
        var (to, _) = await _wallets.EnsureAsync(_db, retailer, cancellationToken);
        var accounts = (await _ledger.AccountsAsync(_db, [from.AccountId, to.AccountId], cancellationToken)).ToDictionary(a => a.Id);
        var posted = await _ledger.RunAsync(_db, books => books.PostAsync(new JournalDraft
        {
            EntryType = EntryTypes.Transfer, AmountPaise = amount, From = accounts[from.AccountId], To = accounts[to.AccountId],
            Description = description ?? $"Transfer to retailer {retailer.UserCode}", InitiatedBy = caller.UserCode,
        }), cancellationToken);
        return new WalletMoneyResponse($"Transferred to {retailer.UserCode}.", posted.TransactionId, posted.Status, Money.Format(amount), null, null,
            await ViewAsync(from, CancellationToken.None));
    }

    public async Task<WalletMoneyResponse> AddMoneyAsync(ClaimsPrincipal principal, AddMoneyRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var amount = WalletViews.Amount(request.Amount, errors);
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var caller = await _users.CallerAsync(_db, principal, cancellationToken);
        if (caller.Role != Roles.User || caller.Tier is not (Tiers.Customer or Tiers.Retailer))
        {
            throw ApiProblemException.Forbidden("Customers and retailers load their own wallets; a distributor's wallet is funded by the platform.");
        }
        var (wallet, _) = await _wallets.EnsureAsync(_db, caller, cancellationToken);
        var account = (await _ledger.AccountsAsync(_db, [wallet.AccountId], cancellationToken))[0];
        var entryId = await _funding.CollectAsync(_db, account, amount, "Add money to wallet", caller.UserCode, cancellationToken);
        var entry = (await _ledger.EntryAsync(_db, entryId, CancellationToken.None))!;
        var message = entry.Status switch
        {
            EntryStatuses.Completed => "Added to your wallet.",
            EntryStatuses.Failed => "Your bank declined the payment; nothing was added.",
            _ => "Waiting for your bank to confirm; the money is added when it does.",
        };
        return new WalletMoneyResponse(message, entry.TransactionId, entry.Status, Money.Format(amount), null, null, await ViewAsync(wallet, CancellationToken.None));
    }

    private async Task<WalletView> ViewAsync(WalletRow wallet, CancellationToken cancellationToken) =>
        WalletViews.Of(wallet, (await _ledger.AccountsAsync(_db, [wallet.AccountId], cancellationToken))[0]);
}
