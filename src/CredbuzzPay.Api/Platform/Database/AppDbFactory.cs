using LinqToDB;
using LinqToDB.Data;
using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Platform.Database;

/// <summary>Creates connections with the resolved provider and connection string.</summary>
public sealed class AppDbFactory
{
    private readonly DataOptions _options;

    internal AppDbFactory(DatabaseProvider provider, string connectionString, int commandTimeoutSeconds)
    {
        Provider = provider;
        ConnectionString = connectionString;
        var providerName = provider switch
        {
            DatabaseProvider.Sqlite => ProviderName.SQLiteMS,
            DatabaseProvider.Postgres => ProviderName.PostgreSQL15,
            DatabaseProvider.MySql => ProviderName.MySql80MySqlConnector,
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        _options = new DataOptions()
            .UseConnectionString(providerName, connectionString)
            .UseMappingSchema(CreateMappingSchema(provider))
            .UseCommandTimeout(commandTimeoutSeconds);
        if (provider == DatabaseProvider.Sqlite)
        {
            // secure_delete is per connection: every connection zeroes what it deletes or overwrites, so an erased value does not survive in
            // free pages (docs/privacy.md). It costs some extra writes, never a read.
            // busy_timeout hands a wait for another connection's write lock to SQLite's own busy handler, which retries after 1, 2, 5, 10 ms...
            // Without it Microsoft.Data.Sqlite retries a busy statement only every 150 ms, so a write that met another for a moment waited 150 ms.
            var pragmas = FormattableString.Invariant($"PRAGMA secure_delete = ON; PRAGMA busy_timeout = {commandTimeoutSeconds * 1000};");
            _options = _options.UseAfterConnectionOpened(connection => Pragmas(connection, pragmas), (connection, cancellationToken) => PragmasAsync(connection, pragmas, cancellationToken));
        }
    }

    public DatabaseProvider Provider { get; }

    internal string ConnectionString { get; }

    /// <summary>A new connection; the caller disposes it.</summary>
    public AppDb Create() => new(_options, Provider);

    private static void Pragmas(System.Data.Common.DbConnection connection, string pragmas)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
    }

    private static async Task PragmasAsync(System.Data.Common.DbConnection connection, string pragmas, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static MappingSchema CreateMappingSchema(DatabaseProvider provider)
    {
        var schema = new MappingSchema($"credbuzzpay-{provider}");
        if (provider == DatabaseProvider.Postgres)
        {
            // Every instant is UTC and stored as timestamptz; Npgsql refuses UTC values for plain timestamp.
            schema.SetDataType(typeof(DateTime), DataType.DateTimeOffset);
            schema.SetDataType(typeof(DateTime?), DataType.DateTimeOffset);
        }
        return schema;
    }
}
