using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;

namespace CredbuzzPay.Api.Platform.Database;

/// <summary>Recognises the same database failure across the three engines.</summary>
public static class DbErrors
{
    /// <summary>True when an insert or update broke a unique index.</summary>
    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        MySqlException mysql => mysql.ErrorCode == MySqlErrorCode.DuplicateKeyEntry,
        _ => exception.InnerException is not null && IsUniqueViolation(exception.InnerException),
    };
}
