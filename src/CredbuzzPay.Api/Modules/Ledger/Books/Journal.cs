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

    internal static readonly System.Linq.Expressions.Expression<Func<LedgerAccount, LedgerAccountInfo>> Info = a =>
        new LedgerAccountInfo(a.Id, a.AccountNumber, a.Kind, a.Status, a.OwnerId, a.OwnerCode, a.BranchCode, a.BalancePaise, a.HeldPaise, a.FloorPaise, a.SingleLimitPaise, a.DailyLimitPaise);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "{TransactionId} {EntryType} {Status} amount {Amount} fee {Fee} from {From} to {To}")]
    private partial void Moved(string transactionId, string entryType, string status, string amount, string fee, string from, string to);
}

/// <summary>One money movement for ledger.log (numbers masked when written).</summary>
internal sealed record Movement(string TransactionId, string EntryType, string Status, long AmountPaise, long FeePaise, string? From, string? To);
