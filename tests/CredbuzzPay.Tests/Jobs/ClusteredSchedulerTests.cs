using System.Globalization;
using System.Text.RegularExpressions;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Jobs;

/// <summary>
/// Two service processes on one PostgreSQL or MySQL database form a Quartz cluster: a job scheduled
/// every second runs once per firing across both, never on both.
/// </summary>
public sealed partial class ClusteredSchedulerTests
{
    [ServerEngineTheory, ServerEngineData]
    public async Task TwoNodesOnOneDatabase_NeverRunTheSameFiringTwice(string engine)
    {
        using var database = TestDatabase.Create(engine);
        var nodes = new[] { "node-a", "node-b" };
        var processes = nodes.Select(node =>
        {
            var directory = Path.Combine(database.Directory, node);
            Directory.CreateDirectory(directory);
            return ServiceProcess.Start(directory, new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(typeof(Program).Assembly.Location),
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["Database__Provider"] = engine,
                ["ConnectionStrings__Default"] = database.ConnectionString,
                ["Storage__DataDirectory"] = Path.Combine(database.Directory, "shared-data"),
                ["LogFiles__Directory"] = Path.Combine(directory, "logs"),
                ["Jobs__CleanupCron"] = "* * * * * ?",
                ["Jobs__SchedulerName"] = "cluster-" + database.Name,
                ["Jobs__ClusterCheckinSeconds"] = "5",
            });
        }).ToList();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && nodes.Any(node => StartedAt(database, node) is null))
            {
                await Task.Delay(250);
            }
            await Task.Delay(TimeSpan.FromSeconds(8));
        }
        finally
        {
            processes.ForEach(p => p.Dispose());
        }

        // A node that starts replaces the trigger definitions (so changed settings take effect), which
        // may repeat the firing under way at that instant; the jobs are idempotent for that reason.
        // The cluster's promise is about steady state: from two seconds after both nodes are up.
        var steadyFrom = nodes.Select(node => StartedAt(database, node) ?? throw new TimeoutException($"{node} did not start."))
            .Max().AddSeconds(2);
        var firings = nodes.SelectMany(node => FireTimes(database, node)).Where(fire => fire >= steadyFrom).ToList();
        Assert.True(firings.Count >= 4, $"Expected several firings in steady state, saw {firings.Count}.");
        Assert.Equal(firings.Count, firings.Distinct().Count());
        Assert.Equal(2L, Convert.ToInt64(database.Scalar(engine == TestEngines.MySql
            ? "SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE"
            : "SELECT COUNT(*) FROM qrtz_scheduler_state"), CultureInfo.InvariantCulture));
    }

    private static DateTimeOffset? StartedAt(TestDatabase database, string node)
    {
        var match = StartedLine().Match(ReadLog(database, node));
        return match.Success ? DateTimeOffset.Parse(match.Groups["at"].Value, CultureInfo.InvariantCulture) : null;
    }

    private static List<DateTimeOffset> FireTimes(TestDatabase database, string node) =>
        FireLine().Matches(ReadLog(database, node)).Select(m => DateTimeOffset.Parse(m.Groups["fire"].Value, CultureInfo.InvariantCulture)).ToList();

    private static string ReadLog(TestDatabase database, string node) =>
        TestFiles.ReadShared(Path.Combine(database.Directory, node, "logs", "app.log"));

    [GeneratedRegex(@"^(?<at>\S+) \[INF\] .*Application started", RegexOptions.Multiline)]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"Cleanup outbox: \d+ expired row\(s\) removed \(fire (?<fire>\S+) on")]
    private static partial Regex FireLine();
}
