using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Recharge;

/// <summary>The recharge module's personal data by kind and age: purchases (each names a mobile or DTH number).</summary>
internal sealed class RechargeInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken) =>
        [await DataKindCount.OfAsync("recharges", db.GetTable<PurchaseRow>(), p => p.CreatedAt, now, cancellationToken)];
}
