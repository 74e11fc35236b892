using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Ledger.Books;

/// <summary>
/// The writes of one transaction on the books. Every balance change is a guarded UPDATE (a debit
/// succeeds only if balance − held stays at or above the floor), applied in one global order (customers'
/// accounts by id, then the bank's) so two entries touching the same accounts cannot deadlock each other;
/// the audit row comes last, so the audit chain's head is locked for the shortest time.
/// </summary>
internal sealed class JournalTransaction : ILedgerTransaction
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly DailyTotals _days;
    private readonly CancellationToken _cancel;

    public JournalTransaction(AppDb db, IAuditTrail audit, TimeProvider clock, DailyTotals days, CancellationToken cancellationToken)
    {
        Db = db;
        _audit = audit;
        _clock = clock;
        _days = days;
        _cancel = cancellationToken;
    }

    public AppDb Db { get; }

    public List<Movement> Movements { get; } = [];

    private enum Mode
    {
        /// <summary>A customer-side change: the account must be ACTIVE and a debit must respect the floor.</summary>
        Guarded,
        /// <summary>A debit paid out of a hold placed earlier (the money was set aside then).</summary>
        FromHold,
        /// <summary>A provider's confirmed answer or the bank's own account: applied whatever the account's state.</summary>
        Unconditional,
        /// <summary>A debit an outside party's answer makes: whatever the account's status, but not below its floor.</summary>
        FloorOnly,
    }

    public async Task<PostedEntry> PostAsync(JournalDraft draft)
    {
        var now = Now;
        Check(draft);
        if (draft.CountsTowardLimits)
        {
            await CountLimitsAsync(Payer(draft), draft.AmountPaise + draft.FeePaise, now);
        }
        var entry = NewEntry(draft, EntryStatuses.Completed, now);
        var balances = await ApplyAsync(entry, Legs(draft.From.Id, draft.To.Id, Payer(draft).Id, draft.AmountPaise, draft.FeePaise), holdAccount: null, settling: false, now);
        await InsertEntryAsync(entry);
        await RecordAsync("ledger.posted", entry, draft.From.AccountNumber, draft.To.AccountNumber);
        return new PostedEntry(entry.Id, entry.TransactionId, entry.Status, entry.CreatedAt, entry.ProcessedAt, balances);
    }

    public async Task<PostedEntry> PostSplitAsync(JournalDraft draft, IReadOnlyList<Share> shares)
    {
        Check(draft);
        if (draft.FeePaise != 0 || shares.Count == 0 || shares.Any(s => s.AmountPaise <= 0 || s.AccountId == draft.From.Id)
            || shares.Select(s => s.AccountId).Distinct().Count() != shares.Count || shares.Sum(s => s.AmountPaise) != draft.AmountPaise)
        {
            throw new InvalidOperationException("A split posts positive shares of distinct accounts, not the payer's, summing to the amount, with no separate fee.");
        }
        var now = Now;
        if (draft.CountsTowardLimits)
        {
            await CountLimitsAsync(draft.From, draft.AmountPaise, now);
        }
        var entry = NewEntry(draft, EntryStatuses.Completed, now);
        var legs = new SortedDictionary<Guid, long>(LockOrder.Instance) { [draft.From.Id] = -draft.AmountPaise };
        foreach (var share in shares)
        {
            legs[share.AccountId] = share.AmountPaise;
        }
        var balances = await ApplyAsync(entry, legs, holdAccount: null, settling: false, now);
        await InsertEntryAsync(entry);
        await RecordAsync("ledger.posted", entry, draft.From.AccountNumber, draft.To.AccountNumber);
        return new PostedEntry(entry.Id, entry.TransactionId, entry.Status, entry.CreatedAt, entry.ProcessedAt, balances);
    }

    public Task<PostedEntry> PendAsync(JournalDraft draft, bool hold) => PendAsync(draft, hold, EntryStatuses.Pending);

    public Task<PostedEntry> HoldForReviewAsync(JournalDraft draft) => PendAsync(draft, hold: true, EntryStatuses.PendingReview);

    public async Task<bool> ReleaseToProviderAsync(Guid entryId) =>
        await Db.GetTable<JournalEntry>().Where(e => e.Id == entryId && e.Status == EntryStatuses.PendingReview)
            .Set(e => e.Status, EntryStatuses.Pending).UpdateAsync(_cancel) == 1;

    public Task<PostedEntry?> SettleReviewAsync(Guid entryId) => SettleAsync(entryId, null, EntryStatuses.PendingReview);

    public Task<PostedEntry?> VoidReviewAsync(Guid entryId, string reason) => VoidAsync(entryId, reason, EntryStatuses.PendingReview);

    private async Task<PostedEntry> PendAsync(JournalDraft draft, bool hold, string status)
    {
        var now = Now;
        Check(draft);
        var payer = Payer(draft);
        var total = draft.AmountPaise + draft.FeePaise;
        if (draft.CountsTowardLimits)
        {
            await CountLimitsAsync(payer, total, now);
        }
        var entry = NewEntry(draft, status, now);
        entry.ProcessedAt = null;
        var balances = new Dictionary<Guid, long>();
        if (hold)
        {
            var held = await Db.GetTable<LedgerAccount>()
                .Where(a => a.Id == payer.Id && a.Status == AccountStatuses.Active
                    && (a.FloorPaise == null || a.BalancePaise - a.HeldPaise - total >= a.FloorPaise.Value))
                .Set(a => a.HeldPaise, a => a.HeldPaise + total)
                .Set(a => a.UpdatedAt, now)
                .UpdateAsync(_cancel);
            if (held != 1)
            {
                throw await RefusalAsync(payer.Id);
            }
            await Db.InsertAsync(new Hold { Id = Guid.CreateVersion7(now), AccountId = payer.Id, EntryId = entry.Id, AmountPaise = total, Status = Hold.Active, CreatedAt = now },
                token: _cancel);
            balances[payer.Id] = await BalanceOfAsync(payer.Id);
        }
        await InsertEntryAsync(entry);
        await RecordAsync(status == EntryStatuses.Pending ? "ledger.pending" : "ledger.held_for_review", entry, draft.From.AccountNumber, draft.To.AccountNumber);
        return new PostedEntry(entry.Id, entry.TransactionId, entry.Status, entry.CreatedAt, null, balances);
    }

    public Task AcknowledgeAsync(Guid entryId, string providerReference) =>
        Db.GetTable<JournalEntry>().Where(e => e.Id == entryId && e.Status == EntryStatuses.Pending)
            .Set(e => e.ProviderReference, providerReference).UpdateAsync(_cancel);

    public Task<PostedEntry?> SettleAsync(Guid entryId, string? providerReference) => SettleAsync(entryId, providerReference, EntryStatuses.Pending);

    private async Task<PostedEntry?> SettleAsync(Guid entryId, string? providerReference, string fromStatus)
    {
        var now = Now;
        var moved = await Db.GetTable<JournalEntry>()
            .Where(e => e.Id == entryId && e.Status == fromStatus)
            .Set(e => e.Status, EntryStatuses.Completed)
            .Set(e => e.ProcessedAt, now)
            .Set(e => e.ProviderReference, e => providerReference ?? e.ProviderReference)
            .UpdateAsync(_cancel);
        if (moved != 1)
        {
            return null;
        }
        var entry = await Db.GetTable<JournalEntry>().FirstAsync(e => e.Id == entryId, _cancel);
        var hold = await Db.GetTable<Hold>().FirstOrDefaultAsync(h => h.EntryId == entryId && h.Status == Hold.Active, _cancel);
        if (hold is not null)
        {
            await Db.GetTable<Hold>().Where(h => h.Id == hold.Id).Set(h => h.Status, Hold.Posted).Set(h => h.ResolvedAt, now).UpdateAsync(_cancel);
        }
        var payer = entry.EntryType == EntryTypes.Deposit ? entry.ToAccountId!.Value : entry.FromAccountId!.Value;
        var balances = await ApplyAsync(entry, Legs(entry.FromAccountId!.Value, entry.ToAccountId!.Value, payer, entry.AmountPaise, entry.FeePaise), hold?.AccountId, settling: true, now);
        var numbers = await NumbersAsync(entry);
        await RecordAsync("ledger.settled", entry, numbers.From, numbers.To);
        return new PostedEntry(entry.Id, entry.TransactionId, entry.Status, entry.CreatedAt, entry.ProcessedAt, balances);
    }

    public async Task<PostedEntry?> SettleSplitAsync(Guid entryId, string? providerReference, IReadOnlyList<Share> shares)
    {
        if (shares.Count == 0 || shares.Any(s => s.AmountPaise <= 0) || shares.Select(s => s.AccountId).Distinct().Count() != shares.Count)
        {
            throw new InvalidOperationException("A split settles into positive shares of distinct accounts.");
        }
        var now = Now;
        var entry = await Db.GetTable<JournalEntry>().FirstOrDefaultAsync(e => e.Id == entryId && e.Status == EntryStatuses.Pending, _cancel);
        if (entry is null)
        {
            return null;
        }
        if (shares.Sum(s => s.AmountPaise) != entry.AmountPaise || entry.FeePaise != 0 || shares.All(s => s.AccountId == entry.FromAccountId))
        {
            throw new InvalidOperationException("The shares of a split must sum to the entry's amount, and not all go back to the payer.");
        }
        var moved = await Db.GetTable<JournalEntry>()
            .Where(e => e.Id == entryId && e.Status == EntryStatuses.Pending)
            .Set(e => e.Status, EntryStatuses.Completed)
            .Set(e => e.ProcessedAt, now)
            .Set(e => e.ProviderReference, e => providerReference ?? e.ProviderReference)
            .UpdateAsync(_cancel);
        if (moved != 1)
        {
            return null;
        }
        entry.Status = EntryStatuses.Completed;
        entry.ProcessedAt = now;
        var hold = await Db.GetTable<Hold>().FirstOrDefaultAsync(h => h.EntryId == entryId && h.Status == Hold.Active, _cancel)
            ?? throw new InvalidOperationException("A split settles a held entry; this one holds nothing.");
        await Db.GetTable<Hold>().Where(h => h.Id == hold.Id).Set(h => h.Status, Hold.Posted).Set(h => h.ResolvedAt, now).UpdateAsync(_cancel);
        // A share of the payer's own (a retailer's commission on its sale) nets against its debit: one posting per account.
        var legs = new SortedDictionary<Guid, long>(LockOrder.Instance) { [entry.FromAccountId!.Value] = -entry.AmountPaise };
        foreach (var share in shares)
        {
            legs[share.AccountId] = legs.GetValueOrDefault(share.AccountId) + share.AmountPaise;
        }
        var balances = await ApplyAsync(entry, legs, hold.AccountId, settling: true, now, holdRelease: hold.AmountPaise);
        var numbers = await NumbersAsync(entry);
        await RecordAsync("ledger.settled", entry, numbers.From, numbers.To);
        return new PostedEntry(entry.Id, entry.TransactionId, entry.Status, entry.CreatedAt, entry.ProcessedAt, balances);
    }

    public Task<PostedEntry?> VoidAsync(Guid entryId, string reason) => VoidAsync(entryId, reason, EntryStatuses.Pending);

    private async Task<PostedEntry?> VoidAsync(Guid entryId, string reason, string fromStatus)
    {
        var now = Now;
        var failed = await Db.GetTable<JournalEntry>()
            .Where(e => e.Id == entryId && e.Status == fromStatus)
            .Set(e => e.Status, EntryStatuses.Failed)
            .Set(e => e.ProcessedAt, now)
            .Set(e => e.FailureReason, reason.Length > 200 ? reason[..200] : reason)
            .UpdateAsync(_cancel);
        if (failed != 1)
        {
            return null;
        }
        var entry = await Db.GetTable<JournalEntry>().FirstAsync(e => e.Id == entryId, _cancel);
        var balances = new Dictionary<Guid, long>();
        var hold = await Db.GetTable<Hold>().FirstOrDefaultAsync(h => h.EntryId == entryId && h.Status == Hold.Active, _cancel);
        if (hold is not null)
        {
            await Db.GetTable<Hold>().Where(h => h.Id == hold.Id).Set(h => h.Status, Hold.Voided).Set(h => h.ResolvedAt, now).UpdateAsync(_cancel);
            await Db.GetTable<LedgerAccount>().Where(a => a.Id == hold.AccountId && a.HeldPaise >= hold.AmountPaise)
                .Set(a => a.HeldPaise, a => a.HeldPaise - hold.AmountPaise).Set(a => a.UpdatedAt, now).UpdateAsync(_cancel);
            // What never left does not count against the day's limit.
            var day = BankingDay.Key(entry.CreatedAt);
            await Db.GetTable<DailyTotal>().Where(t => t.AccountId == hold.AccountId && t.Day == day && t.DebitedPaise >= hold.AmountPaise)
                .Set(t => t.DebitedPaise, t => t.DebitedPaise - hold.AmountPaise).UpdateAsync(_cancel);
            balances[hold.AccountId] = await BalanceOfAsync(hold.AccountId);
        }
        var numbers = await NumbersAsync(entry);
        await RecordAsync("ledger.voided", entry, numbers.From, numbers.To);
        return new PostedEntry(entry.Id, entry.TransactionId, entry.Status, entry.CreatedAt, entry.ProcessedAt, balances);
    }

    public async Task<IReadOnlyList<PostedEntry>> CreditManyAsync(LedgerAccountInfo from, IReadOnlyList<Credit> credits, string entryType, string initiatedBy)
    {
        if (from.Kind != AccountKinds.System || credits.Count == 0 || credits.Any(c => c.AmountPaise <= 0 || c.To.Kind == AccountKinds.System)
            || credits.Select(c => c.To.Id).Distinct().Count() != credits.Count)
        {
            throw new InvalidOperationException("A batch of credits comes from a bank account and credits distinct customer accounts positive amounts.");
        }
        var now = Now;
        var entries = new List<JournalEntry>(credits.Count);
        var postings = new List<Posting>(credits.Count * 2);
        var results = new List<PostedEntry>(credits.Count);
        // Customers' accounts in lock order, then the bank's account once for the whole batch.
        var byAccount = credits.Select((c, i) => (Credit: c, Index: i)).OrderBy(c => c.Credit.To.Id, LockOrder.Instance).ToList();
        var after = new long[credits.Count];
        foreach (var (credit, index) in byAccount)
        {
            after[index] = await ChangeAsync(credit.To.Id, credit.AmountPaise, Mode.Guarded, now);
        }
        var total = credits.Sum(c => c.AmountPaise);
        var fromAfter = await ChangeAsync(from.Id, -total, Mode.Guarded, now);
        var fromBalance = fromAfter + total;
        for (var i = 0; i < credits.Count; i++)
        {
            var credit = credits[i];
            var entry = NewEntry(new JournalDraft { EntryType = entryType, AmountPaise = credit.AmountPaise, From = from, To = credit.To, InitiatedBy = initiatedBy, Description = credit.Description },
                EntryStatuses.Completed, now);
            entries.Add(entry);
            fromBalance -= credit.AmountPaise;
            postings.Add(new Posting { Id = Guid.CreateVersion7(now), EntryId = entry.Id, AccountId = credit.To.Id, AmountPaise = credit.AmountPaise, BalanceAfterPaise = after[i], PostedAt = now });
            postings.Add(new Posting { Id = Guid.CreateVersion7(now), EntryId = entry.Id, AccountId = from.Id, AmountPaise = -credit.AmountPaise, BalanceAfterPaise = fromBalance, PostedAt = now });
            results.Add(new PostedEntry(entry.Id, entry.TransactionId, entry.Status, now, now, new Dictionary<Guid, long> { [credit.To.Id] = after[i], [from.Id] = fromBalance }));
            Movements.Add(new Movement(entry.TransactionId, entryType, entry.Status, credit.AmountPaise, 0, from.AccountNumber, credit.To.AccountNumber));
        }
        var bulk = new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows, MaxBatchSize = 250 };
        await Db.BulkCopyAsync(bulk, entries, _cancel);
        await Db.BulkCopyAsync(bulk, postings, _cancel);
        await _audit.RecordAsync(Db, new AuditEvent("ledger.batch_posted", "account", AccountNumbers.Masked(from.AccountNumber), new
        {
            type = entryType,
            entries = credits.Count,
            total = Money.Format(total),
            first = entries[0].TransactionId,
            last = entries[^1].TransactionId,
        }), _cancel);
        return results;
    }

    public Task<PostedEntry?> ReverseAsync(Guid entryId, string reason, string initiatedBy) => ReverseAsync(entryId, reason, initiatedBy, byProvider: false);

    public Task<PostedEntry?> ReverseByProviderAsync(Guid entryId, string reason, string initiatedBy) => ReverseAsync(entryId, reason, initiatedBy, byProvider: true);

    private async Task<PostedEntry?> ReverseAsync(Guid entryId, string reason, string initiatedBy, bool byProvider)
    {
        var now = Now;
        var original = await Db.GetTable<JournalEntry>().FirstOrDefaultAsync(e => e.Id == entryId, _cancel);
        if (original is null || original.Status != EntryStatuses.Completed || original.ReversedBy is not null || original.EntryType == EntryTypes.Reversal)
        {
            return null;
        }
        var reversal = new JournalEntry
        {
            Id = Guid.CreateVersion7(now), TransactionId = "TXN" + RandomNumberGenerator.GetString(Alphabet, 12), EntryType = EntryTypes.Reversal,
            Status = EntryStatuses.Completed, AmountPaise = original.AmountPaise, FeePaise = original.FeePaise,
            FromAccountId = original.ToAccountId, ToAccountId = original.FromAccountId, FromOwnerId = original.ToOwnerId, ToOwnerId = original.FromOwnerId,
            Description = Truncate($"Reversal of {original.TransactionId}: {reason}", 255), InitiatedBy = initiatedBy,
            CreatedAt = now, ProcessedAt = now, ReversalOf = original.Id,
        };
        // Marked first, guarded: of two reversals racing, one finds the entry no longer COMPLETED.
        var marked = await Db.GetTable<JournalEntry>()
            .Where(e => e.Id == entryId && e.Status == EntryStatuses.Completed && e.ReversedBy == null)
            .Set(e => e.Status, EntryStatuses.Reversed)
            .Set(e => e.ReversedBy, reversal.Id)
            .UpdateAsync(_cancel);
        if (marked != 1)
        {
            return null;
        }
        var legs = new SortedDictionary<Guid, long>(LockOrder.Instance);
        foreach (var posting in await Db.GetTable<Posting>().Where(p => p.EntryId == entryId).ToListAsync(_cancel))
        {
            legs[posting.AccountId] = legs.GetValueOrDefault(posting.AccountId) - posting.AmountPaise;
        }
        if (legs.Values.Sum() != 0)
        {
            throw new InvalidOperationException("The postings of an entry must sum to zero.");
        }
        if (byProvider)
        {
            await CapClawbacksAsync(legs);
        }
        var balances = await ApplyAsync(reversal, legs, holdAccount: null, settling: false, now, byProvider ? FloorOnlyDebits : null);
        await InsertEntryAsync(reversal);
        var numbers = await NumbersAsync(reversal);
        await RecordAsync("ledger.reversed", reversal, numbers.From, numbers.To);
        return new PostedEntry(reversal.Id, reversal.TransactionId, reversal.Status, now, now, balances);
    }

    /// <summary>
    /// An outside party's reversal takes back from each customer account what the entry credited it, but never below its
    /// floor: what an account no longer holds (a commission spent since) is taken from suspense instead, the platform's
    /// receivable from that account's owner, in the same entry.
    /// </summary>
    private async Task CapClawbacksAsync(SortedDictionary<Guid, long> legs)
    {
        var suspense = SystemAccounts.IdOf(SystemAccounts.Suspense);
        var shortfall = 0L;
        foreach (var (accountId, delta) in legs.ToList())
        {
            if (delta >= 0 || LockOrder.IsSystem(accountId))
            {
                continue;
            }
            var account = await Db.GetTable<LedgerAccount>().Where(a => a.Id == accountId)
                .Select(a => new { a.BalancePaise, a.HeldPaise, a.FloorPaise }).FirstAsync(_cancel);
            var spare = Math.Max(0, account.BalancePaise - account.HeldPaise - (account.FloorPaise ?? long.MinValue / 4));
            var taken = Math.Min(-delta, spare);
            shortfall += -delta - taken;
            legs[accountId] = -taken;
        }
        if (shortfall > 0)
        {
            legs[suspense] = legs.GetValueOrDefault(suspense) - shortfall;
        }
        foreach (var zero in legs.Where(l => l.Value == 0).Select(l => l.Key).ToList())
        {
            legs.Remove(zero);
        }
    }

    /// <summary>A provider's reversal: credits whatever the account's state, debits only down to the floor (never the status).</summary>
    private static Mode FloorOnlyDebits(Guid accountId, long delta) => delta < 0 && !LockOrder.IsSystem(accountId) ? Mode.FloorOnly : Mode.Unconditional;

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;

    public async Task<LedgerAccountInfo> OpenAsync(NewAccount account)
    {
        var now = Now;
        for (var attempt = 0; ; attempt++)
        {
            var number = AccountNumbers.New(account.Kind);
            // A collision with an existing number is checked first: on PostgreSQL a failed insert would end the transaction.
            if (await Db.GetTable<LedgerAccount>().AnyAsync(a => a.AccountNumber == number, _cancel))
            {
                if (attempt < 20)
                {
                    continue;
                }
                throw new InvalidOperationException("No free account number after 20 tries.");
            }
            var row = new LedgerAccount
            {
                Id = Guid.CreateVersion7(now), AccountNumber = number, Kind = account.Kind, Status = AccountStatuses.Active, Currency = "INR",
                OwnerId = account.OwnerId, OwnerCode = account.OwnerCode, BranchCode = account.BranchCode, FloorPaise = account.FloorPaise,
                InterestRateBp = account.InterestRateBp, SingleLimitPaise = account.SingleLimitPaise, DailyLimitPaise = account.DailyLimitPaise,
                TermMonths = account.TermMonths, PayoutAccountId = account.PayoutAccountId, MaturesOn = account.MaturesOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                CreatedAt = now, UpdatedAt = now,
            };
            await Db.InsertAsync(row, token: _cancel);
            await _audit.RecordAsync(Db, new AuditEvent("ledger.account_opened", "account", AccountNumbers.Masked(number),
                new { kind = account.Kind, owner = account.OwnerCode, branch = account.BranchCode }), _cancel);
            return new LedgerAccountInfo(row.Id, row.AccountNumber, row.Kind, row.Status, row.OwnerId, row.OwnerCode, row.BranchCode, 0, 0, row.FloorPaise,
                row.SingleLimitPaise, row.DailyLimitPaise);
        }
    }

    private DateTime Now => StoredNow(_clock);

    /// <summary>Now, in whole milliseconds (<see cref="Instants.StoredNow"/>).</summary>
    public static DateTime StoredNow(TimeProvider clock) => Instants.StoredNow(clock);

    private static LedgerAccountInfo Payer(JournalDraft draft) => draft.FeePayer ?? draft.From;

    private static void Check(JournalDraft draft)
    {
        if (draft.AmountPaise <= 0 || draft.FeePaise < 0 || draft.From.Id == draft.To.Id)
        {
            throw new InvalidOperationException("A journal entry needs a positive amount, a fee of at least zero and two different accounts.");
        }
    }

    /// <summary>
    /// The postings of an entry: from −amount, to +amount, payer −fee, fee income +fee; one leg per account,
    /// in the one order every entry locks accounts in: customers' accounts by id, then the bank's own by id.
    /// The bank's accounts (fee income above all) are in almost every entry, so they are locked last,
    /// just before the audit row and the commit, for the shortest time.
    /// </summary>
    private static SortedDictionary<Guid, long> Legs(Guid from, Guid to, Guid payer, long amount, long fee)
    {
        var legs = new SortedDictionary<Guid, long>(LockOrder.Instance) { [from] = -amount };
        legs[to] = legs.GetValueOrDefault(to) + amount;
        if (fee > 0)
        {
            var income = SystemAccounts.FeeIncomeFor(payer);
            legs[payer] = legs.GetValueOrDefault(payer) - fee;
            legs[income] = legs.GetValueOrDefault(income) + fee;
        }
        if (legs.Values.Sum() != 0)
        {
            throw new InvalidOperationException("The postings of an entry must sum to zero.");
        }
        return legs;
    }

    /// <summary>Customers' accounts first (by id), the bank's own last (by id).</summary>
    private sealed class LockOrder : IComparer<Guid>
    {
        public static readonly LockOrder Instance = new();
        private static readonly HashSet<Guid> System = SystemAccounts.AllIds.ToHashSet();

        public static bool IsSystem(Guid accountId) => System.Contains(accountId);

        public int Compare(Guid x, Guid y)
        {
            var bySystem = System.Contains(x).CompareTo(System.Contains(y));
            return bySystem != 0 ? bySystem : x.CompareTo(y);
        }
    }

    /// <summary>Applies each leg in lock order; answers the balances the entry left.</summary>
    private async Task<Dictionary<Guid, long>> ApplyAsync(JournalEntry entry, SortedDictionary<Guid, long> legs, Guid? holdAccount, bool settling, DateTime now,
        Func<Guid, long, Mode>? modeOf = null, long? holdRelease = null)
    {
        var balances = new Dictionary<Guid, long>();
        var postings = new List<Posting>(legs.Count);
        foreach (var (accountId, delta) in legs)
        {
            var mode = modeOf?.Invoke(accountId, delta) ?? (accountId == holdAccount ? Mode.FromHold : settling ? Mode.Unconditional : Mode.Guarded);
            var after = await ChangeAsync(accountId, delta, mode, now, mode == Mode.FromHold ? holdRelease ?? -delta : 0);
            balances[accountId] = after;
            postings.Add(new Posting { Id = Guid.CreateVersion7(now), EntryId = entry.Id, AccountId = accountId, AmountPaise = delta, BalanceAfterPaise = after, PostedAt = now });
        }
        await Db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows }, postings, _cancel);
        return balances;
    }

    /// <summary>One guarded balance change; a debit from a hold also releases <paramref name="release"/> of the account's held money (the whole hold).</summary>
    private async Task<long> ChangeAsync(Guid accountId, long delta, Mode mode, DateTime now, long release = 0)
    {
        var target = Db.GetTable<LedgerAccount>().Where(a => a.Id == accountId);
        target = mode switch
        {
            Mode.Guarded when delta < 0 => target.Where(a => a.SystemCode != null
                || (a.Status == AccountStatuses.Active && (a.FloorPaise == null || a.BalancePaise - a.HeldPaise + delta >= a.FloorPaise.Value))),
            Mode.Guarded => target.Where(a => a.SystemCode != null || a.Status == AccountStatuses.Active),
            Mode.FromHold => target.Where(a => a.HeldPaise >= release),
            Mode.FloorOnly => target.Where(a => a.FloorPaise == null || a.BalancePaise - a.HeldPaise + delta >= a.FloorPaise.Value),
            _ => target,
        };
        var update = mode == Mode.FromHold
            ? target.Set(a => a.BalancePaise, a => a.BalancePaise + delta).Set(a => a.HeldPaise, a => a.HeldPaise - release).Set(a => a.UpdatedAt, now)
            : target.Set(a => a.BalancePaise, a => a.BalancePaise + delta).Set(a => a.UpdatedAt, now);
        if (Db.Provider != DatabaseProvider.MySql)
        {
            // PostgreSQL and SQLite answer the new balance with the update (RETURNING): one round trip less while the row is locked.
            long? after = null;
            await foreach (var balance in update.UpdateWithOutputAsync((deleted, inserted) => inserted.BalancePaise).WithCancellation(_cancel))
            {
                after = balance;
            }
            return after ?? throw await FailedChangeAsync(accountId, mode);
        }
        return await update.UpdateAsync(_cancel) == 1 ? await BalanceOfAsync(accountId) : throw await FailedChangeAsync(accountId, mode);
    }

    private async Task<Exception> FailedChangeAsync(Guid accountId, Mode mode) =>
        mode == Mode.FromHold
            ? new InvalidOperationException("A hold's account holds less than the hold; the books need checking (verify-ledger).")
            : await RefusalAsync(accountId);

    /// <summary>Why a guarded change did not apply: the account is not active, or the debit would go below its floor.</summary>
    private async Task<ApiProblemException> RefusalAsync(Guid accountId)
    {
        var status = await Db.GetTable<LedgerAccount>().Where(a => a.Id == accountId).Select(a => a.Status).FirstOrDefaultAsync(_cancel);
        return status == AccountStatuses.Active
            ? new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Insufficient funds",
                "The account's available balance would fall below its minimum balance.", code: LedgerRefusals.InsufficientFunds)
            : new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Account not active",
                "The account is frozen or closed.", code: LedgerRefusals.AccountNotActive);
    }

    /// <summary>
    /// The payer's single limit, then its Asia/Kolkata day's total through a guarded update (concurrent debits
    /// cannot pass it together). The limits are those the account carried when it was looked up for this request.
    /// </summary>
    private async Task CountLimitsAsync(LedgerAccountInfo payer, long total, DateTime now)
    {
        if (payer.SingleLimitPaise is { } single && total > single)
        {
            throw Limit($"Amount plus fee is over the account's single transaction limit of {Money.Format(single)}.");
        }
        if (payer.DailyLimitPaise is not { } daily)
        {
            return;
        }
        var day = BankingDay.Key(now);
        await _days.EnsureRowAsync(Db, payer.Id, day, _cancel);
        // The guarded update decides; the read after a miss only tells a full day (refuse) from a row that is
        // missing (insert it) or was written by a transaction that committed after this statement began (try again).
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var counted = await Db.GetTable<DailyTotal>()
                .Where(t => t.AccountId == payer.Id && t.Day == day && t.DebitedPaise + total <= daily)
                .Set(t => t.DebitedPaise, t => t.DebitedPaise + total)
                .UpdateAsync(_cancel);
            if (counted == 1)
            {
                return;
            }
            var debited = await Db.GetTable<DailyTotal>().Where(t => t.AccountId == payer.Id && t.Day == day).Select(t => (long?)t.DebitedPaise).FirstOrDefaultAsync(_cancel);
            if ((debited ?? 0) + total > daily)
            {
                break;
            }
            if (debited is null && await DailyTotals.InsertAsync(Db, payer.Id, day, total, _cancel) == 1)
            {
                return;
            }
        }
        throw Limit($"This would take the account's debits today (Asia/Kolkata) over its daily limit of {Money.Format(daily)}.");
    }

    private static ApiProblemException Limit(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, "Limit exceeded", detail, code: LedgerRefusals.LimitExceeded);

    private Task<long> BalanceOfAsync(Guid accountId) =>
        Db.GetTable<LedgerAccount>().Where(a => a.Id == accountId).Select(a => a.BalancePaise).FirstAsync(_cancel);

    private JournalEntry NewEntry(JournalDraft draft, string status, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TransactionId = "TXN" + RandomNumberGenerator.GetString(Alphabet, 12),
        EntryType = draft.EntryType,
        Status = status,
        AmountPaise = draft.AmountPaise,
        FeePaise = draft.FeePaise,
        FromAccountId = draft.From.Id,
        ToAccountId = draft.To.Id,
        FromOwnerId = draft.From.OwnerId,
        ToOwnerId = draft.To.OwnerId,
        Description = draft.Description,
        InitiatedBy = draft.InitiatedBy,
        PayeeName = draft.Payee?.Name,
        PayeeAccountMasked = draft.Payee?.AccountMasked,
        PayeeIfsc = draft.Payee?.Ifsc,
        Provider = draft.Provider,
        ProviderReference = draft.ProviderReference,
        CreatedAt = now,
        ProcessedAt = now,
    };

    private Task InsertEntryAsync(JournalEntry entry) => Db.InsertAsync(entry, token: _cancel);

    private async Task<(string? From, string? To)> NumbersAsync(JournalEntry entry)
    {
        var ids = new[] { entry.FromAccountId, entry.ToAccountId };
        var numbers = await Db.GetTable<LedgerAccount>().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.AccountNumber }).ToListAsync(_cancel);
        return (numbers.FirstOrDefault(n => n.Id == entry.FromAccountId)?.AccountNumber, numbers.FirstOrDefault(n => n.Id == entry.ToAccountId)?.AccountNumber);
    }

    private async Task RecordAsync(string action, JournalEntry entry, string? from, string? to)
    {
        await _audit.RecordAsync(Db, new AuditEvent(action, "transaction", entry.TransactionId, new
        {
            type = entry.EntryType,
            status = entry.Status,
            amount = Money.Format(entry.AmountPaise),
            fee = Money.Format(entry.FeePaise),
            from = AccountNumbers.Masked(from),
            to = AccountNumbers.Masked(to),
            provider = entry.Provider,
            reason = entry.FailureReason,
        }), _cancel);
        Movements.Add(new Movement(entry.TransactionId, entry.EntryType, entry.Status, entry.AmountPaise, entry.FeePaise, from, to));
    }
}
