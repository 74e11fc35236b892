using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Aggregators;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Modules.Wallets.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Recharge.Features.Purchases;

/// <summary>
/// The one place a purchase's final answer is applied, whoever brings it (the aggregator's reply, its callback, the status
/// check, a staff decision): the purchase's guarded status change and the money move in one ledger transaction, so an
/// answer that arrives twice, or two that race, move money once. SUCCESS posts the hold split by <see cref="CommissionSplit"/>;
/// FAILED voids it (the refund); REVERSED after success posts the compensating entry (refund and clawback). PENDING changes nothing.
/// </summary>
internal sealed class PurchaseSettlement
{
    private readonly ILedger _ledger;
    private readonly IWallets _wallets;
    private readonly IAuditTrail _audit;
    private readonly RechargeTerms _terms;

    public PurchaseSettlement(ILedger ledger, IWallets wallets, IAuditTrail audit, RechargeTerms terms)
    {
        _ledger = ledger;
        _wallets = wallets;
        _audit = audit;
        _terms = terms;
    }

    /// <summary>Applies the answer; false when it changed nothing (not final, or the purchase was final already).</summary>
    public async Task<bool> ApplyAsync(AppDb db, Guid purchaseId, AggregatorAnswer answer, string by, CancellationToken cancellationToken)
    {
        var purchase = await db.GetTable<PurchaseRow>().FirstOrDefaultAsync(p => p.Id == purchaseId, cancellationToken);
        if (purchase is null)
        {
            return false;
        }
        return answer.Status switch
        {
            AggregatorStatus.Success when purchase.Status == PurchaseRow.Pending => await SucceedAsync(db, purchase, answer, by, cancellationToken),
            AggregatorStatus.Failed or AggregatorStatus.Reversed when purchase.Status == PurchaseRow.Pending => await FailAsync(db, purchase, answer, by, cancellationToken),
            AggregatorStatus.Reversed when purchase.Status == PurchaseRow.Success => await ReverseAsync(db, purchase, answer, by, cancellationToken),
            _ => false,
        };
    }

    private async Task<bool> SucceedAsync(AppDb db, PurchaseRow purchase, AggregatorAnswer answer, string by, CancellationToken cancellationToken)
    {
        var retailerSale = purchase.PayerTier == Identity.Contracts.Tiers.Retailer;
        var payer = await _wallets.AccountOfAsync(db, purchase.PayerId, cancellationToken) ?? throw new InvalidOperationException("A purchase's payer has no wallet.");
        var distributor = purchase.DistributorId is { } d ? await _wallets.AccountOfAsync(db, d, cancellationToken) : null;
        var split = CommissionSplit.Of(purchase.AmountPaise, purchase.CommissionBp, purchase.RetailerMarginBp, purchase.DistributorMarginBp, purchase.TdsBp,
            retailerSale, distributor is not null);
        var shares = new Dictionary<Guid, long>();
        void Add(Guid account, long paise)
        {
            if (paise > 0)
            {
                shares[account] = shares.GetValueOrDefault(account) + paise;
            }
        }
        Add(SystemAccounts.IdOf(SystemAccounts.AggregatorSettlement), split.Aggregator);
        Add(payer.Id, split.Retailer);
        if (distributor is not null)
        {
            Add(distributor.Id, split.Distributor);
        }
        Add(SystemAccounts.IdOf(SystemAccounts.TdsPayable), split.RetailerTds + split.DistributorTds);
        Add(SystemAccounts.IdOf(SystemAccounts.CommissionIncome), split.Platform);
        var now = _terms.Now;
        var reference = Clip(answer.OperatorRef, 64);
        return await _ledger.RunAsync(db, async books =>
        {
            var moved = await books.Db.GetTable<PurchaseRow>().Where(p => p.Id == purchase.Id && p.Status == PurchaseRow.Pending)
                .Set(p => p.Status, PurchaseRow.Success).Set(p => p.PendingKey, (string?)null).Set(p => p.OperatorRef, reference)
                .Set(p => p.CompletedAt, now).Set(p => p.ResolvedBy, by).Set(p => p.NextCheckAt, (DateTime?)null)
                .Set(p => p.RetailerPaise, split.Retailer).Set(p => p.RetailerTdsPaise, split.RetailerTds)
                .Set(p => p.DistributorPaise, distributor is null ? 0 : split.Distributor).Set(p => p.DistributorTdsPaise, distributor is null ? 0 : split.DistributorTds)
                .Set(p => p.PlatformPaise, split.Platform)
                .UpdateAsync(cancellationToken);
            if (moved != 1)
            {
                return false;
            }
            _ = await books.SettleSplitAsync(purchase.EntryId, reference, shares.Select(s => new Share(s.Key, s.Value)).ToList())
                ?? throw new InvalidOperationException("A pending purchase's entry was not pending.");
            await _audit.RecordAsync(books.Db, new AuditEvent("recharge.succeeded", "purchase", purchase.PurchaseId, new
            {
                amount = Money.Format(purchase.AmountPaise), operator_code = purchase.OperatorCode, operator_ref = reference, by,
                retailer = Money.Format(split.Retailer), distributor = Money.Format(split.Distributor), tds = Money.Format(split.RetailerTds + split.DistributorTds),
                platform = Money.Format(split.Platform),
            }, by), cancellationToken);
            return true;
        }, cancellationToken);
    }

    private Task<bool> FailAsync(AppDb db, PurchaseRow purchase, AggregatorAnswer answer, string by, CancellationToken cancellationToken)
    {
        var now = _terms.Now;
        var reason = Clip(answer.Reason, 200) ?? "The aggregator reported the recharge failed.";
        return _ledger.RunAsync(db, async books =>
        {
            var moved = await books.Db.GetTable<PurchaseRow>().Where(p => p.Id == purchase.Id && p.Status == PurchaseRow.Pending)
                .Set(p => p.Status, PurchaseRow.Failed).Set(p => p.PendingKey, (string?)null).Set(p => p.FailureReason, reason)
                .Set(p => p.CompletedAt, now).Set(p => p.ResolvedBy, by).Set(p => p.NextCheckAt, (DateTime?)null)
                .UpdateAsync(cancellationToken);
            if (moved != 1)
            {
                return false;
            }
            _ = await books.VoidAsync(purchase.EntryId, reason) ?? throw new InvalidOperationException("A pending purchase's entry was not pending.");
            await _audit.RecordAsync(books.Db, new AuditEvent("recharge.failed", "purchase", purchase.PurchaseId,
                new { amount = Money.Format(purchase.AmountPaise), reason, by }, by), cancellationToken);
            return true;
        }, cancellationToken);
    }

    private Task<bool> ReverseAsync(AppDb db, PurchaseRow purchase, AggregatorAnswer answer, string by, CancellationToken cancellationToken)
    {
        var reason = Clip(answer.Reason, 150) ?? "The operator reversed the recharge.";
        return _ledger.RunAsync(db, async books =>
        {
            var moved = await books.Db.GetTable<PurchaseRow>().Where(p => p.Id == purchase.Id && p.Status == PurchaseRow.Success)
                .Set(p => p.Status, PurchaseRow.Reversed).Set(p => p.FailureReason, reason).UpdateAsync(cancellationToken);
            if (moved != 1)
            {
                return false;
            }
            _ = await books.ReverseByProviderAsync(purchase.EntryId, reason, by) ?? throw new InvalidOperationException("A successful purchase's entry was not COMPLETED.");
            await _audit.RecordAsync(books.Db, new AuditEvent("recharge.reversed", "purchase", purchase.PurchaseId,
                new { amount = Money.Format(purchase.AmountPaise), reason, by }, by), cancellationToken);
            return true;
        }, cancellationToken);
    }

    private static string? Clip(string? text, int length) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().Length > length ? text.Trim()[..length] : text.Trim();
}
