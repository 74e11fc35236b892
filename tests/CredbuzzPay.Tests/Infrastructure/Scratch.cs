using System.Globalization;
using System.Text.RegularExpressions;
using MySqlConnector;
using Npgsql;

namespace CredbuzzPay.Tests.Infrastructure;

/// <summary>
/// Where a test run keeps what it makes: folders under <c>$TMPDIR/credbuzzpay-tests/run-{pid}/</c>
/// and databases named <c>credbuzz_t_{pid}_{random}</c>. Each is dropped when the fixture that made
/// it is disposed, whatever is left when the run ends, and what dead runs left (their process is
/// gone, or they predate the naming) when a run starts. A run beside this one keeps its own.
/// </summary>
public static partial class Scratch
{
    public static readonly string Base = Path.Combine(Path.GetTempPath(), "credbuzzpay-tests");

    /// <summary>This run's folder.</summary>
    public static readonly string Root = Path.Combine(Base, "run-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    public static string DatabasePrefix { get; } = "credbuzz_t_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "_";

    /// <summary>A new, empty folder of this run.</summary>
    public static string NewDirectory(string prefix)
    {
        var directory = Path.Combine(Root, prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>What earlier runs whose process is gone left behind: folders, then databases on every configured engine.</summary>
    public static void RemoveLeftovers()
    {
        if (Directory.Exists(Base))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(Base))
            {
                if (!IsLive(RunFolder().Match(Path.GetFileName(entry))))
                {
                    try
                    {
                        if (Directory.Exists(entry))
                        {
                            Directory.Delete(entry, recursive: true);
                        }
                        else
                        {
                            File.Delete(entry);
                        }
                    }
                    catch (IOException)
                    {
                        // Still in use by something outside this run: the next run tries again.
                    }
                }
            }
        }
        foreach (var engine in TestEngines.Available.Where(e => e != TestEngines.Sqlite))
        {
            foreach (var name in ScratchDatabases(engine).Where(n => !IsLive(DatabaseName().Match(n))))
            {
                DropDatabase(engine, name);
            }
        }
    }

    /// <summary>The end of this run: its folder goes (databases are dropped by <see cref="TestDatabase.DropAll"/> first).</summary>
    public static void RemoveRun()
    {
        try
        {
            DeleteDirectory(Root);
        }
        catch (IOException)
        {
            // A child process still writing: removed as a leftover by the next run.
        }
    }

    /// <summary>Creates an empty database on a server engine, as the admin user.</summary>
    public static void CreateDatabase(string engine, string name) => Execute(engine, engine == TestEngines.Postgres
        ? $"CREATE DATABASE \"{name}\""
        : $"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");

    public static void DropDatabase(string engine, string name)
    {
        if (engine == TestEngines.Sqlite)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute(engine, engine == TestEngines.Postgres ? $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)" : $"DROP DATABASE IF EXISTS `{name}`");
                return;
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState == "42501" && attempt < 10)
            {
                // A backend of another role (an autovacuum worker on a database that just took many writes) cannot be
                // terminated by the test user; it ends by itself moments later.
                Thread.Sleep(300);
            }
        }
    }

    /// <summary>Every scratch-named database on a server engine, this run's and others'.</summary>
    public static List<string> ScratchDatabases(string engine)
    {
        var sql = engine == TestEngines.Postgres
            ? "SELECT datname FROM pg_database WHERE datname LIKE 'credbuzz\\_t\\_%'"
            : "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'credbuzz\\_t\\_%'";
        using var connection = Admin(engine);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    /// <summary>Whether the name carries the process id of a live process (this one included).</summary>
    private static bool IsLive(Match match) =>
        match.Success && int.TryParse(match.Groups["pid"].ValueSpan, CultureInfo.InvariantCulture, out var pid) &&
        (pid == Environment.ProcessId || Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture)));

    private static void Execute(string engine, string sql)
    {
        using var connection = Admin(engine);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>An open connection as the engine's admin user (CREDBUZZ_TEST_POSTGRES / CREDBUZZ_TEST_MYSQL).</summary>
    private static System.Data.Common.DbConnection Admin(string engine)
    {
        System.Data.Common.DbConnection connection = engine == TestEngines.Postgres
            ? new NpgsqlConnection(TestEngines.AdminConnectionString(engine))
            : new MySqlConnection(TestEngines.AdminConnectionString(engine));
        connection.Open();
        return connection;
    }

    [GeneratedRegex("^run-(?<pid>[0-9]+)$")]
    private static partial Regex RunFolder();

    [GeneratedRegex("^credbuzz_t_(?<pid>[0-9]+)_[0-9a-f]+$")]
    private static partial Regex DatabaseName();
}
