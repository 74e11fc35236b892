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
    }

    public DatabaseProvider Provider { get; }

    internal string ConnectionString { get; }

    /// <summary>A new connection; the caller disposes it.</summary>
    public AppDb Create() => new(_options, Provider);

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
