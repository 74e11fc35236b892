using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Features.VerifyLedger;

/// <summary>The outcome of a check of the books: null <see cref="Problem"/> when every rule holds.</summary>
internal sealed record LedgerReport(long Accounts, long Entries, long Postings, string? Problem);

/// <summary>
/// Checks the books from their rows alone (docs/ledger.md): every entry sums to zero and only completed
/// entries have postings; every balance is the sum of its postings; every account's held amount is the
/// sum of its active holds; no account is below its floor; all balances together sum to zero.
/// </summary>
internal sealed class LedgerVerifier
{
    private readonly AppDbFactory _factory;
    private readonly IEnumerable<ISubledgerCheck> _subledgers;

    public LedgerVerifier(AppDbFactory factory, IEnumerable<ISubledgerCheck> subledgers)
    {
        _factory = factory;
        _subledgers = subledgers;
    }

    public async Task<LedgerReport> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        db.CommandTimeout = 0;
        var accounts = await db.GetTable<LedgerAccount>().LongCountAsync(cancellationToken);
        var entries = await db.GetTable<JournalEntry>().LongCountAsync(cancellationToken);
        var postings = await db.GetTable<Posting>().LongCountAsync(cancellationToken);
        return new LedgerReport(accounts, entries, postings, await FirstProblemAsync(db, cancellationToken) ?? await SubledgerProblemAsync(db, cancellationToken));
    }

    /// <summary>The first account whose balance differs from what its module's records say (a thousand compared per query).</summary>
    private async Task<string?> SubledgerProblemAsync(AppDb db, CancellationToken cancellationToken)
    {
        foreach (var check in _subledgers)
        {
            var batch = new List<ExpectedBalance>(1000);
            await foreach (var expected in check.ExpectedAsync(db, cancellationToken))
            {
                batch.Add(expected);
                if (batch.Count == 1000 && await MismatchAsync(db, check, batch, cancellationToken) is { } found)
                {
                    return found;
                }
                if (batch.Count == 1000)
                {
                    batch.Clear();
                }
            }
            if (await MismatchAsync(db, check, batch, cancellationToken) is { } last)
            {
                return last;
            }
        }
        return null;
    }

    private static async Task<string?> MismatchAsync(AppDb db, ISubledgerCheck check, List<ExpectedBalance> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(b => b.AccountId).ToList();
        var balances = await db.GetTable<LedgerAccount>().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.BalancePaise, cancellationToken);
        var wrong = batch.FirstOrDefault(b => balances.GetValueOrDefault(b.AccountId, long.MinValue) != b.BalancePaise);
        return wrong is null ? null
            : balances.TryGetValue(wrong.AccountId, out var actual)
                ? $"{check.Name}: {wrong.Label} should hold {Money.Format(wrong.BalancePaise)} by its records, the books say {Money.Format(actual)}"
                : $"{check.Name}: {wrong.Label} names an account the books do not have";
    }

    private static async Task<string?> FirstProblemAsync(AppDb db, CancellationToken cancellationToken)
    {
        var unbalanced = await db.GetTable<Posting>().GroupBy(p => p.EntryId).Where(g => g.Sum(p => p.AmountPaise) != 0)
            .Select(g => new { EntryId = g.Key, Sum = g.Sum(p => p.AmountPaise) }).FirstOrDefaultAsync(cancellationToken);
        if (unbalanced is not null)
        {
            return $"entry {await TransactionIdAsync(db, unbalanced.EntryId, cancellationToken)}: its postings sum to {Money.Format(unbalanced.Sum)}, not 0.00";
        }
        var postedWithout = await db.GetTable<JournalEntry>()
            .Where(e => (e.Status == EntryStatuses.Completed || e.Status == EntryStatuses.Reversed) && !db.GetTable<Posting>().Any(p => p.EntryId == e.Id))
            .Select(e => new { e.TransactionId, e.Status }).FirstOrDefaultAsync(cancellationToken);
        if (postedWithout is not null)
        {
            return $"entry {postedWithout.TransactionId}: {postedWithout.Status} without postings";
        }
        var unposted = await db.GetTable<JournalEntry>()
            .Where(e => e.Status != EntryStatuses.Completed && e.Status != EntryStatuses.Reversed && db.GetTable<Posting>().Any(p => p.EntryId == e.Id))
            .Select(e => new { e.TransactionId, e.Status }).FirstOrDefaultAsync(cancellationToken);
        if (unposted is not null)
        {
            return $"entry {unposted.TransactionId}: {unposted.Status} but has postings";
        }
        // A REVERSED entry and its compensating entry name each other, and nothing else is marked reversed.
        var unlinked = await (from e in db.GetTable<JournalEntry>()
                              where e.Status == EntryStatuses.Reversed || e.ReversedBy != null
                              from r in db.GetTable<JournalEntry>().Where(r => r.Id == e.ReversedBy && r.ReversalOf == e.Id).DefaultIfEmpty()
                              where r == null || e.Status != EntryStatuses.Reversed
                              select e.TransactionId).FirstOrDefaultAsync(cancellationToken);
        if (unlinked is not null)
        {
            return $"entry {unlinked}: reversed, but it and its reversal do not name each other";
        }
        var sums = db.GetTable<Posting>().GroupBy(p => p.AccountId).Select(g => new { AccountId = g.Key, Sum = g.Sum(p => p.AmountPaise) });
        var drifted = await (from a in db.GetTable<LedgerAccount>()
                             from s in sums.Where(s => s.AccountId == a.Id).DefaultIfEmpty()
                             where a.BalancePaise != (s == null ? 0 : s.Sum)
                             select new { a.AccountNumber, a.BalancePaise, Sum = s == null ? 0 : s.Sum }).FirstOrDefaultAsync(cancellationToken);
        if (drifted is not null)
        {
            return $"account {AccountNumbers.Masked(drifted.AccountNumber)}: balance {Money.Format(drifted.BalancePaise)} but its postings sum to {Money.Format(drifted.Sum)}";
        }
        var holds = db.GetTable<Hold>().Where(h => h.Status == Hold.Active).GroupBy(h => h.AccountId).Select(g => new { AccountId = g.Key, Sum = g.Sum(h => h.AmountPaise) });
        var misheld = await (from a in db.GetTable<LedgerAccount>()
                             from h in holds.Where(h => h.AccountId == a.Id).DefaultIfEmpty()
                             where a.HeldPaise != (h == null ? 0 : h.Sum)
                             select new { a.AccountNumber, a.HeldPaise, Sum = h == null ? 0 : h.Sum }).FirstOrDefaultAsync(cancellationToken);
        if (misheld is not null)
        {
            return $"account {AccountNumbers.Masked(misheld.AccountNumber)}: holds {Money.Format(misheld.HeldPaise)} but its active holds sum to {Money.Format(misheld.Sum)}";
        }
        var below = await db.GetTable<LedgerAccount>().Where(a => a.FloorPaise != null && a.BalancePaise - a.HeldPaise < a.FloorPaise.Value)
            .Select(a => new { a.AccountNumber, a.BalancePaise, a.HeldPaise, a.FloorPaise }).FirstOrDefaultAsync(cancellationToken);
        if (below is not null)
        {
            return $"account {AccountNumbers.Masked(below.AccountNumber)}: available {Money.Format(below.BalancePaise - below.HeldPaise)} is below its floor {Money.Format(below.FloorPaise!.Value)}";
        }
        var total = await db.GetTable<LedgerAccount>().SumAsync(a => (long?)a.BalancePaise, cancellationToken) ?? 0;
        return total != 0 ? $"all balances sum to {Money.Format(total)}, not 0.00" : null;
    }

    private static async Task<string> TransactionIdAsync(AppDb db, Guid entryId, CancellationToken cancellationToken) =>
        await db.GetTable<JournalEntry>().Where(e => e.Id == entryId).Select(e => e.TransactionId).FirstOrDefaultAsync(cancellationToken) ?? $"(missing entry {entryId})";
}
