using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Aggregators;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Modules.Wallets.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Recharge.Features.Purchases;

/// <summary>A checked purchase request: the plan, the number (mobile or DTH subscriber id) and the circle asked for.</summary>
internal sealed record PurchaseOrder(Guid PlanId, string? MobileNumber, string? SubscriberId, string? CircleCode);

/// <summary>
/// Seed 002's transaction flow: the payer's wallet is held for the price (the balance check, guarded: two purchases cannot
/// spend the same money), the purchase row is written with it, the aggregator is asked outside any transaction, and its
/// answer is applied by <see cref="PurchaseSettlement"/>. No answer (a timeout, a 5xx) leaves it PENDING with its hold for
/// the callback, the status check or staff; once the hold exists nothing here follows the client's cancellation.
/// </summary>
internal sealed class StartPurchase
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly AppDb _db;
    private readonly ILedger _ledger;
    private readonly IWallets _wallets;
    private readonly IRechargeAggregator _aggregator;
    private readonly PurchaseSettlement _settlement;
    private readonly RechargeTerms _terms;

    public StartPurchase(AppDb db, ILedger ledger, IWallets wallets, IRechargeAggregator aggregator, PurchaseSettlement settlement, RechargeTerms terms)
    {
        _db = db;
        _ledger = ledger;
        _wallets = wallets;
        _aggregator = aggregator;
        _settlement = settlement;
        _terms = terms;
    }

    public async Task<PurchaseRow> BuyAsync(UserSummary caller, PurchaseOrder order, CancellationToken cancellationToken)
    {
        if (caller.Role != Roles.User || caller.Tier is not (Tiers.Retailer or Tiers.Customer))
        {
            throw ApiProblemException.Forbidden("Recharges are bought by retailers (for their customers) and by clients (for themselves).");
        }
        var plan = await _db.GetTable<PlanRow>().FirstOrDefaultAsync(p => p.Id == order.PlanId && p.Active, cancellationToken)
            ?? throw ApiProblemException.NotFound("No such active plan.");
        var dth = plan.PlanType == "dth";
        var subscriber = dth ? order.SubscriberId : order.MobileNumber;
        if (subscriber is null)
        {
            throw ApiProblemException.Validation(dth ? "subscriber_id" : "mobile_number",
                dth ? "A DTH plan needs the subscriber_id (8 to 12 digits)." : "A mobile plan needs the mobile_number (10 digits, the first 6 to 9).");
        }
        if (plan.CircleCode is not null && order.CircleCode is not null && order.CircleCode != plan.CircleCode)
        {
            throw ApiProblemException.Unprocessable($"This plan is offered only in circle {plan.CircleCode}.");
        }
        var payer = await _wallets.AccountOfAsync(_db, caller.Id, cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Insufficient funds", "You have no wallet yet: open it and add money first.",
                code: LedgerRefusals.InsufficientFunds);
        var now = _terms.Now;
        var retailer = caller.Tier == Tiers.Retailer;
        var distributor = retailer && caller.ParentId is { } parent && await _wallets.AccountOfAsync(_db, parent, cancellationToken) is not null ? caller.ParentId : null;
        var pendingKey = $"{caller.Id:N}:{subscriber}:{plan.Id:N}";
        if (await _db.GetTable<PurchaseRow>().AnyAsync(p => p.PendingKey == pendingKey, cancellationToken))
        {
            throw Pending();
        }
        var purchase = new PurchaseRow
        {
            Id = Guid.CreateVersion7(now), PurchaseId = "PUR" + RandomNumberGenerator.GetString(Alphabet, 12), PayerId = caller.Id, PayerCode = caller.UserCode,
            PayerTier = caller.Tier, DistributorId = distributor, BranchCode = caller.BranchCode, PlanId = plan.Id, OperatorCode = plan.OperatorCode,
            CircleCode = plan.CircleCode ?? order.CircleCode, Subscriber = subscriber, AmountPaise = plan.PricePaise, Status = PurchaseRow.Pending, PendingKey = pendingKey,
            Aggregator = _aggregator.Name, CommissionBp = _terms.CommissionBp(plan.OperatorCode), TdsBp = _terms.TdsBp,
            RetailerMarginBp = retailer ? await _wallets.MarginAsync(_db, caller.Id, plan.OperatorCode, now, cancellationToken) : 0,
            DistributorMarginBp = distributor is { } d ? await _wallets.MarginAsync(_db, d, plan.OperatorCode, now, cancellationToken) : 0,
            NextCheckAt = _terms.NextCheck(now, 0), CreatedAt = now,
        };
        var settlementAccount = await _ledger.SystemAsync(_db, SystemAccounts.AggregatorSettlement, cancellationToken);
        try
        {
            await _ledger.RunAsync(_db, async books =>
            {
                var pending = await books.PendAsync(new JournalDraft
                {
                    EntryType = EntryTypes.Recharge, AmountPaise = plan.PricePaise, From = payer, To = settlementAccount, InitiatedBy = caller.UserCode,
                    Provider = _aggregator.Name, Description = $"{plan.OperatorCode} recharge {purchase.PurchaseId}",
                }, hold: true);
                purchase.EntryId = pending.EntryId;
                await books.Db.InsertAsync(purchase, token: CancellationToken.None);
                return pending;
            }, cancellationToken);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw Pending();
        }
        AggregatorAnswer answer;
        try
        {
            using var timeout = new CancellationTokenSource(_terms.ReplyTimeout);
            answer = await _aggregator.RechargeAsync(new AggregatorRequest(purchase.PurchaseId, purchase.OperatorCode, purchase.CircleCode, subscriber, purchase.AmountPaise),
                timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or OperationCanceledException)
        {
            // No answer is not an answer: the hold stays, the callback or the status check decides.
            answer = new AggregatorAnswer(AggregatorStatus.Pending);
        }
        await _settlement.ApplyAsync(_db, purchase.Id, answer, "aggregator", CancellationToken.None);
        return await _db.GetTable<PurchaseRow>().FirstAsync(p => p.Id == purchase.Id, CancellationToken.None);
    }

    private static ApiProblemException Pending() =>
        new(StatusCodes.Status409Conflict, "Recharge pending", "The same recharge for this number is still pending; its outcome comes from the operator.",
            code: "purchase_pending");
}
