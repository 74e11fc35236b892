using Microsoft.Data.Sqlite;

namespace CredbuzzPay.Api.Platform.Database;

/// <summary>Resolves the one connection string the service uses, with the SQLite default.</summary>
internal static class ConnectionStrings
{
    public static string Resolve(IConfiguration configuration, DatabaseProvider provider, string dataDirectory)
    {
        var configured = configuration.GetConnectionString("Default");
        if (provider != DatabaseProvider.Sqlite)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:Default is required when Database:Provider is {provider.ToString().ToLowerInvariant()}.");
            }
            return configured;
        }

        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? string.Empty : configured);
        if (string.IsNullOrEmpty(builder.DataSource))
        {
            builder.DataSource = Path.Combine(dataDirectory, "credbuzzpay.db");
        }
        if (builder.Mode != SqliteOpenMode.Memory && builder.DataSource != ":memory:")
        {
            Storage.PrivateFiles.PrepareSqlite(builder.DataSource);
        }
        builder.Pooling = true;
        builder.ForeignKeys = true;
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return builder.ToString();
    }
}
