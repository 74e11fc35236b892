using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Platform;

/// <summary>The run cleans up after itself: a fixture's database and folder go when it is disposed; what dead runs left goes at the start.</summary>
public sealed class ScratchTests
{
    [Theory, EngineData]
    public async Task DisposingAHost_DropsItsDatabaseAndFolder(string engine)
    {
        var host = new ApiHost(engine);
        var name = host.Database.Name;
        var directory = host.Database.Directory;
        Assert.True(Directory.Exists(directory)); // SQLite's database is a file in it
        Assert.Equal(engine != TestEngines.Sqlite, Databases(engine).Contains(name));

        await host.DisposeAsync();

        Assert.False(Directory.Exists(directory), Directory.Exists(directory) ? string.Join(",", Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)) : "");
        Assert.DoesNotContain(name, Databases(engine));
    }

    [Fact]
    public void LeftoversOfDeadRuns_AreRemoved_ALiveRunsAreKept()
    {
        // Above Linux's largest pid (2^22), so no process can have it.
        const int deadPid = 4_194_305;
        var deadFolder = Path.Combine(Scratch.Base, $"run-{deadPid}");
        var oldStyleFolder = Path.Combine(Scratch.Base, "credbuzz_t_0123456789ab");
        Directory.CreateDirectory(Path.Combine(deadFolder, "data"));
        Directory.CreateDirectory(oldStyleFolder);
        var mine = Scratch.NewDirectory("kept");
        var dead = new Dictionary<string, string>();
        foreach (var engine in TestEngines.Available.Where(e => e != TestEngines.Sqlite))
        {
            dead[engine] = $"credbuzz_t_{deadPid}_{Guid.NewGuid():N}"[..40];
            Scratch.CreateDatabase(engine, dead[engine]);
        }
        using var live = TestDatabase.Create(TestEngines.Available[^1]);

        Scratch.RemoveLeftovers();

        Assert.False(Directory.Exists(deadFolder));
        Assert.False(Directory.Exists(oldStyleFolder));
        Assert.True(Directory.Exists(mine));
        foreach (var (engine, name) in dead)
        {
            Assert.DoesNotContain(name, Databases(engine));
        }
        if (live.Engine != TestEngines.Sqlite)
        {
            Assert.Contains(live.Name, Databases(live.Engine));
        }
    }

    private static List<string> Databases(string engine) => engine == TestEngines.Sqlite ? [] : Scratch.ScratchDatabases(engine);
}
