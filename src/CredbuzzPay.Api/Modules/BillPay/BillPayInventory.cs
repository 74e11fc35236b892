using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.BillPay;

/// <summary>The bill payments module's personal data by kind and age: payments, saved billers and complaints.</summary>
internal sealed class BillPayInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken) =>
    [
        await DataKindCount.OfAsync("bill_payments", db.GetTable<PaymentRow>(), p => p.CreatedAt, now, cancellationToken),
        await DataKindCount.OfAsync("saved_billers", db.GetTable<SavedBillerRow>(), s => s.CreatedAt, now, cancellationToken),
        await DataKindCount.OfAsync("bill_complaints", db.GetTable<ComplaintRow>(), c => c.CreatedAt, now, cancellationToken),
    ];
}
