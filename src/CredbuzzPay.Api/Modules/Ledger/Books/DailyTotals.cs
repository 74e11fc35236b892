using System.Collections.Concurrent;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Ledger.Books;

/// <summary>
/// The per-account daily debit rows. On MySQL/MariaDB a transaction that looks for a missing row takes a
/// gap lock, and two first debits of the day (of any accounts whose rows fall in one gap) then deadlock
/// on their inserts; so there the row is created first, by itself on a connection of its own, and the
/// money transaction only ever updates an existing row (a record lock). Rows known to exist are remembered.
/// One per process (a singleton), as are the transaction turns it also keeps.
/// </summary>
internal sealed class DailyTotals
{
    private readonly AppDbFactory _factory;
    private readonly ConcurrentDictionary<(Guid Account, string Day), byte> _known = new();
    private string _today = "";

    public DailyTotals(AppDbFactory factory, Microsoft.Extensions.Options.IOptions<LedgerOptions> options)
    {
        _factory = factory;
        var turns = factory.Provider == DatabaseProvider.Sqlite ? 1 : options.Value.MaxConcurrentTransactions;
        Turns = new SemaphoreSlim(turns, turns);
    }

    /// <summary>
    /// The node's ledger transactions wait their turn here (<see cref="LedgerOptions.MaxConcurrentTransactions"/>;
    /// on SQLite one, as it has one writer: its busy handler would sleep in steps of 150 ms instead).
    /// </summary>
    public SemaphoreSlim Turns { get; }

    public async Task EnsureRowAsync(AppDb db, Guid accountId, string day, CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.MySql || _known.ContainsKey((accountId, day)))
        {
            return;
        }
        if (!string.Equals(_today, day, StringComparison.Ordinal))
        {
            _known.Clear();
            _today = day;
        }
        await using var side = _factory.Create();
        await InsertAsync(side, accountId, day, 0, cancellationToken);
        _known.TryAdd((accountId, day), 0);
    }

    /// <summary>Inserts the day's row unless it exists (answers 1 when this call inserted it).</summary>
    public static Task<int> InsertAsync(AppDb db, Guid accountId, string day, long debitedPaise, CancellationToken cancellationToken)
    {
        var verb = db.Provider switch
        {
            DatabaseProvider.Sqlite => "INSERT OR IGNORE INTO",
            DatabaseProvider.MySql => "INSERT IGNORE INTO",
            _ => "INSERT INTO",
        };
        var tail = db.Provider == DatabaseProvider.Postgres ? " ON CONFLICT DO NOTHING" : "";
        return db.ExecuteAsync($"{verb} ledger_daily_totals (account_id, day, debited_paise) VALUES (@account, @day, @total){tail}", cancellationToken,
            new DataParameter("account", accountId, DataType.Guid), new DataParameter("day", day, DataType.VarChar), new DataParameter("total", debitedPaise, DataType.Int64));
    }
}
