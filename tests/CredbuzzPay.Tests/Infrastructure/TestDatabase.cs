using System.Data.Common;
using CredbuzzPay.Api.Platform.Database;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;

namespace CredbuzzPay.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database on one engine with a scratch folder beside it; dropped (folder too) when
/// disposed, or at the end of the run for one nobody disposed (<see cref="TestRun"/>).
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private static readonly List<TestDatabase> Created = [];
    private int _dropped;

    private TestDatabase(string engine, string name, string connectionString, string directory)
    {
        Engine = engine;
        Name = name;
        ConnectionString = connectionString;
        Directory = directory;
    }

    public string Engine { get; }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A scratch folder that belongs to this database's tests (data directory, logs).</summary>
    public string Directory { get; }

    public DatabaseProvider Provider => DatabaseOptions.Parse(Engine);

    public static TestDatabase Create(string engine)
    {
        var name = Scratch.DatabasePrefix + Guid.NewGuid().ToString("N")[..12];
        var directory = Scratch.NewDirectory(name);
        string connectionString;
        switch (engine)
        {
            case TestEngines.Postgres:
            {
                Scratch.CreateDatabase(engine, name);
                var admin = new NpgsqlConnectionStringBuilder(TestEngines.AdminConnectionString(engine)!);
                admin.Database = name;
                connectionString = admin.ConnectionString;
                break;
            }
            case TestEngines.MySql:
            {
                Scratch.CreateDatabase(engine, name);
                var admin = new MySqlConnectionStringBuilder(TestEngines.AdminConnectionString(engine)!);
                admin.Database = name;
                connectionString = admin.ConnectionString;
                break;
            }
            default:
                connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "test.db") }.ConnectionString;
                break;
        }
        var database = new TestDatabase(engine, name, connectionString, directory);
        lock (Created)
        {
            Created.Add(database);
        }
        return database;
    }

    /// <summary>Runs a statement directly, outside the service (to tamper with data, or to look at it).</summary>
    public object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Every row of a query, each as its column values (DBNull as null).</summary>
    public List<object?[]> Query(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// Every table and column where one of <paramref name="needles"/> occurs in any row (case-insensitive; binary columns read as UTF-8 too),
    /// as "table.column: needle". Scans the whole database, so a test can prove a value is nowhere but where it is meant to be.
    /// </summary>
    public List<string> Scan(IReadOnlyCollection<string> needles)
    {
        var tables = Query(Engine switch
        {
            TestEngines.Postgres => "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
            TestEngines.MySql => "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'",
            _ => "SELECT name FROM sqlite_master WHERE type = 'table'",
        }).Select(r => Convert.ToString(r[0], System.Globalization.CultureInfo.InvariantCulture)!).ToList();
        var hits = new SortedSet<string>(StringComparer.Ordinal);
        using var connection = Open();
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Engine == TestEngines.MySql ? $"SELECT * FROM `{table}`" : $"SELECT * FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.IsDBNull(i))
                    {
                        continue;
                    }
                    var value = reader.GetValue(i) is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    foreach (var needle in needles.Where(n => value.Contains(n, StringComparison.OrdinalIgnoreCase)))
                    {
                        hits.Add($"{table}.{reader.GetName(i)}: {needle}");
                    }
                }
            }
        }
        return hits.ToList();
    }

    public int Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public DbConnection Open()
    {
        DbConnection connection = Engine switch
        {
            TestEngines.Postgres => new NpgsqlConnection(ConnectionString),
            TestEngines.MySql => new MySqlConnection(ConnectionString),
            _ => new SqliteConnection(ConnectionString),
        };
        connection.Open();
        return connection;
    }

    /// <summary>Drops the database and deletes its folder (once).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _dropped, 1) == 1)
        {
            return;
        }
        lock (Created)
        {
            Created.Remove(this);
        }
        Scratch.DropDatabase(Engine, Name);
        Scratch.DeleteDirectory(Directory);
    }

    /// <summary>The end of the run: every database still here.</summary>
    internal static void DropAll()
    {
        List<TestDatabase> left;
        lock (Created)
        {
            left = [.. Created];
        }
        foreach (var database in left)
        {
            database.Dispose();
        }
    }
}
