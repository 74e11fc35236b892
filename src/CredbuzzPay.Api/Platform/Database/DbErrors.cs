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

    /// <summary>
    /// True when the engine gave up on the transaction because of other transactions (a deadlock, a
    /// serialisation failure, a lock wait timeout, SQLite busy): running it again from the start is safe.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6,
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.LockNotAvailable,
        MySqlException mysql => mysql.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout,
        _ => exception.InnerException is not null && IsTransient(exception.InnerException),
    };
}
