using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger;

/// <summary>The ledger's personal data by kind and age: customers' accounts and transactions (journal entries).</summary>
internal sealed class LedgerInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken)
    {
        var (one, five) = (now.AddYears(-1), now.AddYears(-5));
        var accounts = db.GetTable<LedgerAccount>().Where(a => a.OwnerId != null);
        var entries = db.GetTable<JournalEntry>();
        return
        [
            new("accounts", await accounts.LongCountAsync(cancellationToken), await accounts.LongCountAsync(a => Instants.Before(a.CreatedAt, one), cancellationToken),
                await accounts.LongCountAsync(a => Instants.Before(a.CreatedAt, five), cancellationToken), await accounts.MinAsync(a => (DateTime?)a.CreatedAt, cancellationToken)),
            new("transactions", await entries.LongCountAsync(cancellationToken), await entries.LongCountAsync(e => Instants.Before(e.CreatedAt, one), cancellationToken),
                await entries.LongCountAsync(e => Instants.Before(e.CreatedAt, five), cancellationToken), await entries.MinAsync(e => (DateTime?)e.CreatedAt, cancellationToken)),
        ];
    }
}
