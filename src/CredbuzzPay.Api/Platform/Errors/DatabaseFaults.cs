using System.Data.Common;
using System.Net.Sockets;

namespace CredbuzzPay.Api.Platform.Errors;

/// <summary>
/// Tells a database that cannot answer now (down, restarting, unreachable, out of connections, busy past the command timeout) from a bug:
/// the first is a 503 the client may retry, the second a 500. The providers say it themselves through <see cref="DbException.IsTransient"/>
/// (Npgsql, MySqlConnector, Microsoft.Data.Sqlite for a lock held past the timeout); a socket error or a timeout inside a database
/// exception counts too.
/// </summary>
internal static class DatabaseFaults
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException { IsTransient: true })
            {
                return true;
            }
            if (current is DbException && current.InnerException is SocketException or TimeoutException or IOException)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The exception's type and the provider's error code, never its message (which may quote a statement's values).</summary>
    public static string Describe(Exception exception)
    {
        var database = Chain(exception).OfType<DbException>().FirstOrDefault();
        return database is null ? exception.GetType().Name : $"{database.GetType().Name} {database.SqlState ?? database.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
