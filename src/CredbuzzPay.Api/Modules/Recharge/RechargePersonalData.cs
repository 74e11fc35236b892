using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Recharge;

/// <summary>The recharge part of an access archive: the person's purchases. The number recharged is masked: a retailer's are its walk-in customers' numbers.</summary>
internal sealed class RechargePersonalData : IPersonalDataSource
{
    public async Task<PersonalDataPart> ExportAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var purchases = await db.GetTable<PurchaseRow>().Where(p => p.PayerId == userId).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        return new PersonalDataPart("recharges", new
        {
            purchases = purchases.Select(p => new
            {
                p.PurchaseId, p.OperatorCode, p.CircleCode, subscriber = "XXXXXX" + p.Subscriber[^Math.Min(4, p.Subscriber.Length)..], amount = Money.Format(p.AmountPaise),
                p.Status, p.FailureReason, commission = Money.Format(p.RetailerPaise), p.CreatedAt, p.CompletedAt,
            }).ToList(),
        });
    }
}
