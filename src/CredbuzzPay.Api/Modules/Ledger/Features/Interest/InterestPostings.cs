using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Interest;

/// <summary>
/// Pays a closed period's accrued interest: per account, the period's units plus the fraction carried from
/// its last posting, in whole paise from interest expense, the new fraction carried on. One ledger
/// transaction per batch of accounts writes the posting rows (keyed by account and period, so a period is
/// paid once), marks the accruals paid and credits the accounts; a crash loses the batch and the rerun
/// pays it. A frozen account is skipped: its accruals wait for the first posting after it is unfrozen.
/// </summary>
internal sealed class InterestPostings
{
    private readonly ILedger _ledger;
    private readonly Tariff _tariff;

    public InterestPostings(ILedger ledger, Tariff tariff)
    {
        _ledger = ledger;
        _tariff = tariff;
    }

    /// <summary>Posts <paramref name="period"/> (its last day <paramref name="lastDay"/>) for accounts of <paramref name="kinds"/>; answers how many were paid.</summary>
    public async Task<int> PostAsync(AppDb db, string period, DateOnly lastDay, string[] kinds, DateTime now, CancellationToken cancellationToken)
    {
        var last = BankingDay.Key(lastDay);
        var expense = await _ledger.SystemAsync(db, SystemAccounts.InterestExpense, cancellationToken);
        var cursor = Guid.Empty;
        var paid = 0;
        while (true)
        {
            var due = from a in db.GetTable<LedgerAccount>()
                      where a.SystemCode == null && kinds.Contains(a.Kind) && a.Status == AccountStatuses.Active && Keys.After(a.Id, cursor)
                            && db.GetTable<InterestAccrual>().Any(x => x.AccountId == a.Id && x.PostedPeriod == null && Keys.AtOrBefore(x.Day, last))
                      orderby a.Id
                      select a.Id;
            var ids = await due.Take(_tariff.DayCloseBatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return paid;
            }
            cursor = ids[^1];
            paid += await _ledger.RunAsync(db, books => PostBatchAsync(books, expense, ids, period, last, now), cancellationToken);
        }
    }

    private static async Task<int> PostBatchAsync(ILedgerTransaction books, LedgerAccountInfo expense, List<Guid> ids, string period, string last, DateTime now)
    {
        var db = books.Db;
        var unposted = db.GetTable<InterestAccrual>().Where(x => ids.Contains(x.AccountId) && x.PostedPeriod == null && Keys.AtOrBefore(x.Day, last));
        var sums = await unposted.GroupBy(x => x.AccountId).Select(g => new { AccountId = g.Key, Units = g.Sum(x => x.Units) }).ToListAsync();
        var already = (await db.GetTable<InterestPosting>().Where(p => ids.Contains(p.AccountId) && p.Period == period).Select(p => p.AccountId).ToListAsync()).ToHashSet();
        var carries = await CarriesAsync(db, ids);
        var accounts = (await db.GetTable<LedgerAccount>().Where(a => ids.Contains(a.Id) && a.Status == AccountStatuses.Active).Select(Journal.Info).ToListAsync())
            .ToDictionary(a => a.Id);
        var rows = new List<InterestPosting>();
        var credits = new List<Credit>();
        foreach (var sum in sums.Where(s => !already.Contains(s.AccountId) && accounts.ContainsKey(s.AccountId)))
        {
            var (paise, carry) = InterestMath.Pay(sum.Units + carries.GetValueOrDefault(sum.AccountId));
            rows.Add(new InterestPosting { AccountId = sum.AccountId, Period = period, Units = sum.Units, PaidPaise = paise, CarryUnits = carry, CreatedAt = now });
            if (paise > 0)
            {
                credits.Add(new Credit(accounts[sum.AccountId], paise, $"Interest {period}"));
            }
        }
        if (rows.Count == 0)
        {
            return 0;
        }
        if (credits.Count > 0)
        {
            var entries = await books.CreditManyAsync(expense, credits, EntryTypes.Interest, "system:interest");
            var entryOf = credits.Select((c, i) => (c.To.Id, entries[i].EntryId)).ToDictionary(x => x.Item1, x => x.EntryId);
            foreach (var row in rows)
            {
                row.EntryId = entryOf.TryGetValue(row.AccountId, out var entryId) ? entryId : null;
            }
        }
        await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows, MaxBatchSize = 500 }, rows);
        var posted = rows.Select(r => r.AccountId).ToList();
        await db.GetTable<InterestAccrual>().Where(x => posted.Contains(x.AccountId) && x.PostedPeriod == null && Keys.AtOrBefore(x.Day, last))
            .Set(x => x.PostedPeriod, period).UpdateAsync();
        return credits.Count;
    }

    /// <summary>The fraction of a paisa each account carries from its latest posting.</summary>
    internal static async Task<Dictionary<Guid, long>> CarriesAsync(AppDb db, List<Guid> ids)
    {
        var postings = await db.GetTable<InterestPosting>().Where(p => ids.Contains(p.AccountId))
            .Select(p => new { p.AccountId, p.CreatedAt, p.Period, p.CarryUnits }).ToListAsync();
        return postings.GroupBy(p => p.AccountId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Period, StringComparer.Ordinal).First().CarryUnits);
    }
}
