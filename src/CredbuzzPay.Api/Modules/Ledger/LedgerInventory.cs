using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Ledger;

/// <summary>The ledger's personal data by kind and age: customers' accounts and transactions (journal entries).</summary>
internal sealed class LedgerInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken)
    {
        return
        [
            await DataKindCount.OfAsync("accounts", db.GetTable<LedgerAccount>().Where(a => a.OwnerId != null), a => a.CreatedAt, now, cancellationToken),
            await DataKindCount.OfAsync("transactions", db.GetTable<JournalEntry>(), e => e.CreatedAt, now, cancellationToken),
        ];
    }
}
