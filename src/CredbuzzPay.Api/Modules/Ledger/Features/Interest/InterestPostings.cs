using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Interest;

/// <summary>
/// Pays a closed period's accrued interest: per account, the units accrued since its last posting plus the
/// fraction that posting carried, in whole paise from interest expense, the new fraction carried on. One
/// ledger transaction per batch of accounts writes the posting rows (keyed by account and period, so a period
/// is paid once; each says the day it pays through, so the accruals themselves are never updated) and credits
/// the accounts; a crash loses the batch and the rerun pays it. A frozen account is skipped: its accruals wait
/// for the first posting after it is unfrozen.
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
            // Every active account of the kinds, in key order; those with nothing accrued add nothing to their batch.
            var due = from a in db.GetTable<LedgerAccount>()
                      where a.SystemCode == null && kinds.Contains(a.Kind) && a.Status == AccountStatuses.Active && Keys.After(a.Id, cursor)
                      orderby a.Id
                      select a.Id;
            var ids = await due.Take(_tariff.DayCloseBatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return paid;
            }
            var after = cursor;
            cursor = ids[^1];
            var through = cursor;
            paid += await _ledger.RunAsync(db, books => PostBatchAsync(books, expense, ids, (after, through), period, last, now), cancellationToken);
        }
    }

    /// <summary>
    /// One batch: <paramref name="ids"/> are the accounts to pay, all within the key range <paramref name="range"/> (after, through], which the
    /// reads of accruals use so the engine walks its (account, day) key instead of a list of a thousand ids.
    /// </summary>
    private static async Task<int> PostBatchAsync(ILedgerTransaction books, LedgerAccountInfo expense, List<Guid> ids, (Guid After, Guid Through) range, string period, string last,
        DateTime now)
    {
        var db = books.Db;
        var unposted = Unposted(db).Where(x => Keys.After(x.AccountId, range.After) && Keys.AtOrBefore(x.AccountId, range.Through) && Keys.AtOrBefore(x.Day, last));
        var sums = await unposted.GroupBy(x => x.AccountId).Select(g => new { AccountId = g.Key, Units = g.Sum(x => x.Units) }).ToListAsync();
        var inRange = db.GetTable<InterestPosting>().Where(p => Keys.After(p.AccountId, range.After) && Keys.AtOrBefore(p.AccountId, range.Through));
        var already = (await inRange.Where(p => p.Period == period).Select(p => p.AccountId).ToListAsync()).ToHashSet();
        var carries = Latest(await inRange.Select(p => new CarryRow(p.AccountId, p.CreatedAt, p.Period, p.CarryUnits)).ToListAsync());
        var accounts = (await db.GetTable<LedgerAccount>().Where(a => ids.Contains(a.Id) && a.Status == AccountStatuses.Active).Select(Journal.Info).ToListAsync())
            .ToDictionary(a => a.Id);
        var rows = new List<InterestPosting>();
        var credits = new List<Credit>();
        foreach (var sum in sums.Where(s => !already.Contains(s.AccountId) && accounts.ContainsKey(s.AccountId)))
        {
            var (paise, carry) = InterestMath.Pay(sum.Units + carries.GetValueOrDefault(sum.AccountId));
            rows.Add(new InterestPosting { AccountId = sum.AccountId, Period = period, Units = sum.Units, PaidPaise = paise, CarryUnits = carry, ThroughDay = last, CreatedAt = now });
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
        return credits.Count;
    }

    /// <summary>Accruals no posting of their account has paid yet (their day is after every posting's through_day).</summary>
    internal static IQueryable<InterestAccrual> Unposted(AppDb db) =>
        db.GetTable<InterestAccrual>().Where(x => !db.GetTable<InterestPosting>().Any(p => p.AccountId == x.AccountId && Keys.AtOrBefore(x.Day, p.ThroughDay)));

    /// <summary>One account's accrued units not yet paid.</summary>
    internal static async Task<long> UnpostedUnitsAsync(AppDb db, Guid accountId) => (await UnpostedAsync(db, accountId)).Units;

    /// <summary>One account's accrued units not yet paid, and the last day they include (null when none).</summary>
    internal static async Task<(long Units, string? LastDay)> UnpostedAsync(AppDb db, Guid accountId)
    {
        var rows = await Unposted(db).Where(x => x.AccountId == accountId).Select(x => new { x.Day, x.Units }).ToListAsync();
        return (rows.Sum(r => r.Units), rows.Count == 0 ? null : rows.Max(r => r.Day));
    }

    /// <summary>The fraction of a paisa each account carries from its latest posting.</summary>
    internal static async Task<Dictionary<Guid, long>> CarriesAsync(AppDb db, List<Guid> ids) =>
        Latest(await db.GetTable<InterestPosting>().Where(p => ids.Contains(p.AccountId)).Select(p => new CarryRow(p.AccountId, p.CreatedAt, p.Period, p.CarryUnits)).ToListAsync());

    private static Dictionary<Guid, long> Latest(List<CarryRow> postings) =>
        postings.GroupBy(p => p.AccountId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Period, StringComparer.Ordinal).First().CarryUnits);

    private sealed record CarryRow(Guid AccountId, DateTime CreatedAt, string Period, long CarryUnits);
}
