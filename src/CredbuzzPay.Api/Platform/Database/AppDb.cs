using LinqToDB;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Platform.Database;

/// <summary>
/// The service's one linq2db connection type: one per request (scoped), or one per unit of work in
/// background jobs through <see cref="AppDbFactory"/>. Modules query their own tables through
/// <c>GetTable&lt;T&gt;()</c>; there is no repository layer over it.
/// </summary>
public sealed class AppDb : DataConnection
{
    internal AppDb(DataOptions options, DatabaseProvider provider) : base(options)
    {
        Provider = provider;
    }

    /// <summary>The engine behind this connection, for the few statements that differ per engine.</summary>
    public DatabaseProvider Provider { get; }

    private List<Action>? _afterCommit;

    /// <summary>
    /// Runs <paramref name="action"/> once what was just written is committed: at once when no transaction is open (the statement committed by
    /// itself), else when the open transaction commits. A rollback drops it. For signals only (waking a worker): it must not throw, and nothing
    /// may depend on it running, since the process can stop right after the commit.
    /// </summary>
    public void AfterCommit(Action action)
    {
        if (Transaction is null)
        {
            action();
            return;
        }
        (_afterCommit ??= []).Add(action);
    }

    public override void CommitTransaction()
    {
        base.CommitTransaction();
        RunAfterCommit();
    }

    public override async Task CommitTransactionAsync(CancellationToken cancellationToken = default)
    {
        await base.CommitTransactionAsync(cancellationToken);
        RunAfterCommit();
    }

    public override void RollbackTransaction()
    {
        _afterCommit = null;
        base.RollbackTransaction();
    }

    public override Task RollbackTransactionAsync(CancellationToken cancellationToken = default)
    {
        _afterCommit = null;
        return base.RollbackTransactionAsync(cancellationToken);
    }

    public override void DisposeTransaction()
    {
        _afterCommit = null;
        base.DisposeTransaction();
    }

    public override Task DisposeTransactionAsync()
    {
        _afterCommit = null;
        return base.DisposeTransactionAsync();
    }

    private void RunAfterCommit()
    {
        var actions = _afterCommit;
        _afterCommit = null;
        foreach (var action in actions ?? [])
        {
            action();
        }
    }

    /// <summary>Runs the statements in order (in the caller's transaction, if any).</summary>
    public async Task ExecuteEachAsync(IEnumerable<string> statements, CancellationToken cancellationToken)
    {
        foreach (var sql in statements)
        {
            await this.ExecuteAsync(sql, cancellationToken);
        }
    }

    /// <summary>
    /// On SQLite, copies the write-ahead log into the database and truncates it to nothing, so that old versions of rows just erased do not
    /// survive in the log (secure_delete has zeroed them in the database itself). Retries a few times while readers hold old snapshots;
    /// answers whether the log is empty. Other engines: nothing to do here (docs/privacy.md says what vacuum and backups mean there).
    /// </summary>
    public async Task<bool> TruncateWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return true;
        }
        for (var attempt = 0; attempt < 20; attempt++)
        {
            // One row: busy (1 when a reader or writer prevented a full checkpoint), frames in the log, frames checkpointed.
            var busy = await this.ExecuteAsync<long>("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
            if (busy == 0)
            {
                return true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        return false;
    }
}
