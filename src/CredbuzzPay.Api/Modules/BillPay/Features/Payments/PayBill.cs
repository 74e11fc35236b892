using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.BillPay.Catalogue;
using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.BillPay.Providers;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Wallets.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.BillPay.Features.Payments;

/// <summary>
/// <c>POST bills/pay/</c>: the amount checked against the biller's rules and its fetched bill, the amount and the platform
/// fee held on the payer (wallet, or the customer's own bank account with its limits) with the payment row, the provider
/// asked outside any transaction, and its answer applied once by <see cref="BillSettlement"/>.
/// </summary>
internal sealed class PayBill
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly AppDb _db;
    private readonly ILedger _ledger;
    private readonly IWallets _wallets;
    private readonly IBillProvider _provider;
    private readonly BillSettlement _settlement;
    private readonly BillPayTerms _terms;

    public PayBill(AppDb db, ILedger ledger, IWallets wallets, IBillProvider provider, BillSettlement settlement, BillPayTerms terms)
    {
        _db = db;
        _ledger = ledger;
        _wallets = wallets;
        _provider = provider;
        _settlement = settlement;
        _terms = terms;
    }

    public async Task<PaymentRow> PayAsync(UserSummary caller, PayRequest request, CancellationToken cancellationToken)
    {
        var biller = await Billers.BillerEndpoints.FindAsync(_db, request.BillerId ?? "", cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var values = BillParams.Read(biller, request.CustomerParams, errors);
        var (amount, amountError) = Money.ParseRequest(request.Amount);
        if (amountError is not null)
        {
            errors["amount"] = [amountError];
        }
        // The contract says pay_from: wallet|account_number; "account" is taken as the same.
        var from = request.PayFrom?.Trim().ToLowerInvariant() switch
        {
            "wallet" => "wallet",
            "account_number" or "account" => "account",
            _ => null,
        };
        if (from is null)
        {
            errors["pay_from"] = ["wallet, or account_number (with the account_number of your savings or current account)."];
        }
        if (from == "account" && string.IsNullOrWhiteSpace(request.AccountNumber))
        {
            errors["account_number"] = ["The number of your savings or current account."];
        }
        if (biller.FetchSupported && string.IsNullOrWhiteSpace(request.FetchId))
        {
            errors["fetch_id"] = ["This biller presents bills: fetch it first (bills/fetch/) and pay with its fetch_id."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        if (caller.Role != Roles.User || caller.Tier is not (Tiers.Customer or Tiers.Retailer))
        {
            throw ApiProblemException.Forbidden("Bills are paid by customers (for themselves) and retailers (for walk-in customers).");
        }
        if (from == "account" && caller.Tier == Tiers.Retailer)
        {
            throw ApiProblemException.Forbidden("A retailer pays a walk-in customer's bill from its wallet.");
        }
        if (!biller.Active)
        {
            throw PaymentViews.Refused("biller_suspended", "Biller suspended", "This biller takes no payments at the moment.");
        }
        if (!biller.PaymentModes.Split(',', StringSplitOptions.RemoveEmptyEntries).Contains(from, StringComparer.Ordinal))
        {
            throw PaymentViews.Refused("payment_mode_not_accepted", "Payment mode not accepted", $"This biller takes payments from: {biller.PaymentModes}.");
        }
        var now = _terms.Now;
        await CheckAmountAsync(caller, biller, values, amount, request.FetchId?.Trim().ToUpperInvariant(), now, cancellationToken);
        var payer = await PayerAsync(caller, from!, request.AccountNumber, cancellationToken);
        var fee = BillPayTerms.FeeOf(biller, amount);
        var margin = caller.Tier == Tiers.Retailer ? amount * biller.RetailerMarginBp / 10_000 : 0;
        var payment = new PaymentRow
        {
            Id = Guid.CreateVersion7(now), PaymentId = "BPY" + RandomNumberGenerator.GetString(Alphabet, 12), Reference = "CB" + RandomNumberGenerator.GetString(Alphabet, 10),
            PayerId = caller.Id, PayerCode = caller.UserCode, PayerTier = caller.Tier, BranchCode = caller.BranchCode, BillerId = biller.BillerId,
            ParamsMasked = BillParams.Json(BillParams.Masked(values)), AmountPaise = amount, FeePaise = fee, MarginPaise = margin, PayFrom = from!, AccountId = payer.Id,
            Status = PaymentRow.Pending, Provider = _provider.Name, FetchId = request.FetchId?.Trim().ToUpperInvariant(), NextCheckAt = _terms.Options.NextCheck(now, 0),
            CreatedAt = now,
        };
        payment.ParamsEncrypted = _terms.Seal(payment.Id, BillParams.Json(values));
        var settlementAccount = await _ledger.SystemAsync(_db, SystemAccounts.BillerSettlement, cancellationToken);
        await _ledger.RunAsync(_db, async books =>
        {
            var pending = await books.PendAsync(new JournalDraft
            {
                EntryType = EntryTypes.BillPayment, AmountPaise = amount + fee, From = payer, To = settlementAccount, InitiatedBy = caller.UserCode,
                Provider = _provider.Name, CountsTowardLimits = from == "account", Description = $"{biller.Name} bill {payment.PaymentId}",
            }, hold: true);
            payment.EntryId = pending.EntryId;
            await books.Db.InsertAsync(payment, token: CancellationToken.None);
            return pending;
        }, cancellationToken);
        PayAnswer answer;
        try
        {
            using var timeout = new CancellationTokenSource(_terms.Options.ReplyTimeout);
            answer = await _provider.PayAsync(new BillRequest(payment.Reference, biller.BillerId, values, amount), timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or OperationCanceledException)
        {
            answer = new PayAnswer(PayOutcome.Pending);
        }
        await _settlement.ApplyAsync(_db, payment.Id, answer, "provider", CancellationToken.None);
        return await _db.GetTable<PaymentRow>().FirstAsync(p => p.Id == payment.Id, CancellationToken.None);
    }

    /// <summary>
    /// The biller's range always; with a fetched bill (fresh, the caller's, these parameters): a credit card takes any amount up
    /// to the outstanding, a biller with part payment any amount up to the bill, any other the bill's amount exactly.
    /// </summary>
    private async Task CheckAmountAsync(UserSummary caller, BillerRow biller, IReadOnlyDictionary<string, string> values, long amount, string? fetchId, DateTime now,
        CancellationToken cancellationToken)
    {
        if (amount < biller.MinAmountPaise || amount > biller.MaxAmountPaise)
        {
            throw PaymentViews.Refused("amount_out_of_range", "Amount out of range",
                $"This biller takes {Money.Format(biller.MinAmountPaise)} to {Money.Format(biller.MaxAmountPaise)} a payment.");
        }
        if (!biller.FetchSupported)
        {
            return;
        }
        var hash = BillParams.Hash(_terms.HashKey, biller.BillerId, values);
        var fetch = await _db.GetTable<FetchRow>().FirstOrDefaultAsync(f => f.FetchId == fetchId && f.UserId == caller.Id && f.BillerId == biller.BillerId, cancellationToken);
        if (fetch is null || fetch.ParamsHash != hash)
        {
            throw ApiProblemException.NotFound("No bill of yours was fetched with this fetch_id for these details.");
        }
        if (fetch.ValidUntil <= now)
        {
            throw PaymentViews.Refused("fetch_expired", "Fetch expired", "The fetched bill is too old to pay against: fetch it again.");
        }
        var partAllowed = biller.PartPayment || biller.CategoryCode == BillerCatalogue.CreditCard;
        if (partAllowed ? amount > fetch.BillAmountPaise : amount != fetch.BillAmountPaise)
        {
            throw PaymentViews.Refused("amount_mismatch", "Amount does not match the bill", partAllowed
                ? $"Pay at most the outstanding {Money.Format(fetch.BillAmountPaise)}."
                : $"This biller takes the bill's amount exactly: {Money.Format(fetch.BillAmountPaise)}.");
        }
    }

    private async Task<LedgerAccountInfo> PayerAsync(UserSummary caller, string from, string? accountNumber, CancellationToken cancellationToken)
    {
        if (from == "wallet")
        {
            return await _wallets.AccountOfAsync(_db, caller.Id, cancellationToken)
                ?? throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Insufficient funds", "You have no wallet yet: open it and add money first.",
                    code: LedgerRefusals.InsufficientFunds);
        }
        var account = await _ledger.FindAsync(_db, accountNumber!.Trim().ToUpperInvariant(), cancellationToken);
        if (account is null || account.OwnerId != caller.Id || account.Kind is not (AccountKinds.Savings or AccountKinds.Current))
        {
            throw ApiProblemException.NotFound("No such savings or current account of yours.");
        }
        return account;
    }
}
