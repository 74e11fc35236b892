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
            _options = _options.UseAfterConnectionOpened(SecureDelete, (connection, cancellationToken) => SecureDeleteAsync(connection, cancellationToken));
        }
    }

    public DatabaseProvider Provider { get; }

    internal string ConnectionString { get; }

    /// <summary>A new connection; the caller disposes it.</summary>
    public AppDb Create() => new(_options, Provider);

    private const string SecureDeletePragma = "PRAGMA secure_delete = ON;";

    private static void SecureDelete(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SecureDeletePragma;
        command.ExecuteNonQuery();
    }

    private static async Task SecureDeleteAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SecureDeletePragma;
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
