using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger;

/// <summary>The ledger's part of an access archive: the person's accounts (savings, current, deposits, wallet, loans) and every movement on each.</summary>
internal sealed class LedgerPersonalData : IPersonalDataSource
{
    private readonly ILedger _ledger;

    public LedgerPersonalData(ILedger ledger) => _ledger = ledger;

    public async Task<PersonalDataPart> ExportAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var accounts = await db.GetTable<LedgerAccount>().Where(a => a.OwnerId == userId).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        var parts = new List<object>(accounts.Count);
        foreach (var account in accounts)
        {
            var (_, rows) = await _ledger.HistoryAsync(db, account.Id, new HistoryFilter(null, null, null), 0, int.MaxValue, cancellationToken);
            parts.Add(new
            {
                account_number = account.AccountNumber, kind = account.Kind, status = account.Status, balance = Money.Format(account.BalancePaise),
                held = Money.Format(account.HeldPaise), opened_at = account.CreatedAt,
                movements = rows.Select(r => new
                {
                    transaction_id = r.TransactionId, type = r.EntryType, r.Status, amount = Money.Format(r.AmountPaise),
                    balance_after = r.BalanceAfterPaise is { } after ? Money.Format(after) : null, r.Description, created_at = r.CreatedAt, processed_at = r.ProcessedAt,
                }).ToList(),
            });
        }
        return new PersonalDataPart("accounts", new { accounts = parts });
    }
}
