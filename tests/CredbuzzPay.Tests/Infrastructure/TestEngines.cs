using System.Reflection;
using Xunit.Sdk;

namespace CredbuzzPay.Tests.Infrastructure;

/// <summary>
/// The engines tests run on: SQLite always, PostgreSQL and MySQL/MariaDB when their admin
/// connection strings are set (CREDBUZZ_TEST_POSTGRES, CREDBUZZ_TEST_MYSQL; .ci/run sets both).
/// With CREDBUZZ_TEST_REQUIRE_ALL_ENGINES=1 a missing one is an error, not a silent skip.
/// </summary>
public static class TestEngines
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string MySql = "mysql";

    public static readonly IReadOnlyList<string> Available = Discover();

    public static string? AdminConnectionString(string engine) => engine switch
    {
        Postgres => Environment.GetEnvironmentVariable("CREDBUZZ_TEST_POSTGRES"),
        MySql => Environment.GetEnvironmentVariable("CREDBUZZ_TEST_MYSQL"),
        _ => null,
    };

    private static List<string> Discover()
    {
        var engines = new List<string> { Sqlite };
        foreach (var engine in new[] { Postgres, MySql })
        {
            if (!string.IsNullOrWhiteSpace(AdminConnectionString(engine)))
            {
                engines.Add(engine);
            }
            else if (Environment.GetEnvironmentVariable("CREDBUZZ_TEST_REQUIRE_ALL_ENGINES") == "1")
            {
                throw new InvalidOperationException($"CREDBUZZ_TEST_REQUIRE_ALL_ENGINES=1 but no connection string for {engine}.");
            }
        }
        return engines;
    }
}

/// <summary>Runs a theory once per available engine.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EngineDataAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        TestEngines.Available.Select(engine => new object[] { engine });
}

/// <summary>
/// A theory over the server engines (PostgreSQL, MySQL) only, for what SQLite cannot have (a cluster
/// of nodes on one database). Reported as skipped, not passed, where no server engine is configured.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ServerEngineTheoryAttribute : TheoryAttribute
{
    public ServerEngineTheoryAttribute()
    {
        if (!TestEngines.Available.Any(e => e != TestEngines.Sqlite))
        {
            Skip = "No PostgreSQL or MySQL connection string is configured (CREDBUZZ_TEST_POSTGRES, CREDBUZZ_TEST_MYSQL).";
        }
    }
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class ServerEngineDataAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        var engines = TestEngines.Available.Where(e => e != TestEngines.Sqlite).ToList();
        return engines.Count > 0 ? engines.Select(e => new object[] { e }) : [[TestEngines.Postgres]];
    }
}
