using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Recharge;

/// <summary>
/// The recharge module's part in an erasure: the purchases are transaction records (kept with the ledger's), but the numbers a customer
/// recharged for themselves are masked to their last four digits at once; the operator's reference still ties each purchase to the
/// operator's own records. A retailer's sales are walk-in customers' numbers, not the retailer's data, and stay as they are.
/// </summary>
internal sealed class RechargeErasure : IErasureParticipant
{
    public async Task<IReadOnlyList<ErasureLine>> EraseAsync(AppDb db, ErasureSubject subject, CancellationToken cancellationToken)
    {
        var own = await db.GetTable<PurchaseRow>().Where(p => p.PayerId == subject.UserId && p.PayerTier == Tiers.Customer).Select(p => new { p.Id, p.Subscriber })
            .ToListAsync(cancellationToken);
        foreach (var purchase in own.Where(p => !p.Subscriber.StartsWith('X')))
        {
            await db.GetTable<PurchaseRow>().Where(p => p.Id == purchase.Id).Set(p => p.Subscriber, "XXXXXX" + purchase.Subscriber[^Math.Min(4, purchase.Subscriber.Length)..])
                .UpdateAsync(cancellationToken);
        }
        return own.Count == 0 ? []
            : [new("The mobile and DTH numbers you recharged", ErasureActions.Pseudonymised, "Masked to their last four digits; the purchases stay with your transactions.")];
    }
}
