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

    /// <summary>Runs the statements in order (in the caller's transaction, if any).</summary>
    public async Task ExecuteEachAsync(IEnumerable<string> statements, CancellationToken cancellationToken)
    {
        foreach (var sql in statements)
        {
            await this.ExecuteAsync(sql, cancellationToken);
        }
    }
}
