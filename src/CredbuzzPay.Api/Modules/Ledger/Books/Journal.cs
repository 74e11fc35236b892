using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Books;

/// <summary>
/// The ledger contract: one database transaction per call of <see cref="RunAsync"/>, retried from the
/// start on a deadlock or serialisation failure, with the ledger.log lines written once it committed.
/// </summary>
internal sealed partial class Journal : ILedger
{
    private const int Attempts = 5;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<Journal> _log;
    private readonly DailyTotals _days;
    private readonly SemaphoreSlim _turns;

    public Journal(IAuditTrail audit, TimeProvider clock, ILogger<Journal> log, DailyTotals days)
    {
        _turns = days.Turns;
        _audit = audit;
        _clock = clock;
        _log = log;
        _days = days;
    }

    public async Task<T> RunAsync<T>(AppDb db, Func<ILedgerTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Transaction is not null)
        {
            throw new InvalidOperationException("The ledger opens its own transaction; call RunAsync outside one.");
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptAsync(db, work, cancellationToken);
            }
            catch (Exception ex) when (attempt < Attempts && DbErrors.IsTransient(ex))
            {
                // Another transaction won a lock race; nothing of this attempt was kept. Back off a little, at random, and run it again.
                await Task.Delay(TimeSpan.FromMilliseconds(System.Security.Cryptography.RandomNumberGenerator.GetInt32(5, 20 * attempt)), cancellationToken);
            }
        }
    }

    /// <summary>One run of the work in its own transaction, within the node's turn; ledger.log once it committed.</summary>
    private async Task<T> AttemptAsync<T>(AppDb db, Func<ILedgerTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var books = new JournalTransaction(db, _audit, _clock, _days, cancellationToken);
        T result;
        await _turns.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            result = await work(books);
            if (IdempotencyClaims.Current is { } claim)
            {
                // Fenced on the request's claim, in this transaction: either the claim records what committed, or nothing commits.
                await IdempotencyStore.MarkCommittedAsync(db, claim, books.Movements.FirstOrDefault()?.TransactionId, _clock.GetUtcNow().UtcDateTime, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _turns.Release();
        }
        foreach (var line in books.Movements)
        {
            Moved(line.TransactionId, line.EntryType, line.Status, Money.Format(line.AmountPaise), Money.Format(line.FeePaise),
                AccountNumbers.Masked(line.From), AccountNumbers.Masked(line.To));
        }
        return result;
    }

    public async Task<LedgerAccountInfo?> FindAsync(AppDb db, string accountNumber, CancellationToken cancellationToken) =>
        await db.GetTable<LedgerAccount>().Where(a => a.AccountNumber == accountNumber).Select(Info).FirstOrDefaultAsync(cancellationToken);

    public async Task<LedgerAccountInfo> SystemAsync(AppDb db, string code, CancellationToken cancellationToken)
    {
        var id = SystemAccounts.IdOf(code);
        return await db.GetTable<LedgerAccount>().Where(a => a.Id == id).Select(Info).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"System account {code} is missing; run the migrations.");
    }

    public async Task<IReadOnlyList<LedgerAccountInfo>> AccountsAsync(AppDb db, IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken) =>
        accountIds.Count == 0 ? [] : await db.GetTable<LedgerAccount>().Where(a => accountIds.Contains(a.Id)).Select(Info).ToListAsync(cancellationToken);

    public Task<LedgerAccountInfo> OpenWithinAsync(AppDb db, NewAccount account, CancellationToken cancellationToken)
    {
        if (db.Transaction is null)
        {
            throw new InvalidOperationException("OpenWithinAsync runs inside the caller's transaction; use RunAsync otherwise.");
        }
        return new JournalTransaction(db, _audit, _clock, _days, cancellationToken).OpenAsync(account);
    }

    public async Task MoveBranchWithinAsync(AppDb db, Guid accountId, string? branchCode, CancellationToken cancellationToken)
    {
        if (db.Transaction is null)
        {
            throw new InvalidOperationException("MoveBranchWithinAsync runs inside the caller's transaction.");
        }
        var now = JournalTransaction.StoredNow(_clock);
        await db.GetTable<LedgerAccount>().Where(a => a.Id == accountId && a.SystemCode == null && a.BranchCode != branchCode)
            .Set(a => a.BranchCode, branchCode).Set(a => a.UpdatedAt, now).UpdateAsync(cancellationToken);
    }

    public async Task<EntryInfo?> EntryAsync(AppDb db, Guid entryId, CancellationToken cancellationToken) =>
        await db.GetTable<JournalEntry>().Where(e => e.Id == entryId)
            .Select(e => new EntryInfo(e.Id, e.TransactionId, e.EntryType, e.Status, e.AmountPaise, e.Description, e.CreatedAt, e.ProcessedAt, e.FailureReason))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<(long Count, IReadOnlyList<AccountMovement> Rows)> HistoryAsync(AppDb db, Guid accountId, HistoryFilter filter, int skip, int take,
        CancellationToken cancellationToken)
    {
        var id = (Guid?)accountId;
        var postings = db.GetTable<Posting>().Where(p => p.AccountId == accountId);
        var query = db.GetTable<JournalEntry>().Where(e => e.FromAccountId == id || e.ToAccountId == id || postings.Any(p => p.EntryId == e.Id));
        if (filter.EntryType is { } type)
        {
            query = query.Where(e => e.EntryType == type);
        }
        if (filter.FromUtc is { } from)
        {
            query = query.Where(e => Instants.AtOrAfter(e.CreatedAt, from));
        }
        if (filter.BeforeUtc is { } before)
        {
            query = query.Where(e => Instants.Before(e.CreatedAt, before));
        }
        var count = await query.LongCountAsync(cancellationToken);
        var entries = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var ids = entries.Select(e => e.Id).ToArray();
        var legs = ids.Length == 0 ? [] : await postings.Where(p => ids.Contains(p.EntryId))
            .Select(p => new { p.EntryId, p.AmountPaise, p.BalanceAfterPaise }).ToListAsync(cancellationToken);
        var byEntry = legs.GroupBy(l => l.EntryId).ToDictionary(g => g.Key, g => (Amount: g.Sum(l => l.AmountPaise), After: g.Last().BalanceAfterPaise));
        var rows = entries.Select(e => byEntry.TryGetValue(e.Id, out var leg)
            ? new AccountMovement(e.TransactionId, e.EntryType, e.Status, leg.Amount, leg.After, e.Description, e.CreatedAt, e.ProcessedAt)
            : new AccountMovement(e.TransactionId, e.EntryType, e.Status, e.FromAccountId == id ? -(e.AmountPaise + e.FeePaise) : e.AmountPaise, null, e.Description,
                e.CreatedAt, e.ProcessedAt)).ToList();
        return (count, rows);
    }

    internal static readonly System.Linq.Expressions.Expression<Func<LedgerAccount, LedgerAccountInfo>> Info = a =>
        new LedgerAccountInfo(a.Id, a.AccountNumber, a.Kind, a.Status, a.OwnerId, a.OwnerCode, a.BranchCode, a.BalancePaise, a.HeldPaise, a.FloorPaise, a.SingleLimitPaise, a.DailyLimitPaise);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "{TransactionId} {EntryType} {Status} amount {Amount} fee {Fee} from {From} to {To}")]
    private partial void Moved(string transactionId, string entryType, string status, string amount, string fee, string from, string to);
}

/// <summary>One money movement for ledger.log (numbers masked when written).</summary>
internal sealed record Movement(string TransactionId, string EntryType, string Status, long AmountPaise, long FeePaise, string? From, string? To);
