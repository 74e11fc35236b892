using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Platform;

/// <summary>What an operator meets at start: one line for a bad setting, and private files.</summary>
public sealed class StartupAndFilesTests
{
    [Theory]
    [InlineData("Identity__MaxFailedLogins", "abc", "Failed to convert configuration value 'abc' at 'Identity:MaxFailedLogins'", false)]
    [InlineData("Identity__MaxFailedLogins", "0", "MaxFailedLogins must be between 1 and 20", true)]
    [InlineData("Http__TrustedProxies__0", "proxy.example.com", "Http:TrustedProxies holds an entry that is neither an IP address nor a CIDR network", true)]
    [InlineData("Kyc__Documents__MaxPdfPages", "0", "Kyc:Documents:MaxPdfPages", true)]
    [InlineData("Retention__LoginActivityDays", "90", "LoginActivityDays must be between 180 and 3650", false)]
    [InlineData("Privacy__RetentionYears", "3", "RetentionYears must be between 5 and 30", false)]
    [InlineData("AdminConsole__IdleMinutes", "1", "IdleMinutes must be between 5 and 480", false)]
    [InlineData("ASPNETCORE_URLS", "nonsense", "Invalid url", false)]
    public async Task ABadSetting_StopsTheStartWithOneLine_AndNoStackTrace(string key, string value, string expected, bool withAnother)
    {
        var directory = Scratch("start");
        var environment = Environment(directory);
        environment[key] = value;
        if (withAnother)
        {
            environment["Http__PermitsPerMinutePerIp"] = "0"; // a second bad setting: both are told, still on one line
        }

        var (exitCode, output, error) = await ServiceProcess.RunAsync(directory, environment);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("CredbuzzPay could not start: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        if (withAnother)
        {
            Assert.Contains("PermitsPerMinutePerIp", line, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DatabaseJournalsLogsAndDataFolder_AreReadableByTheServiceUserOnly()
    {
        using var database = TestDatabase.Create(TestEngines.Sqlite);
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        // A database left world-readable by an earlier version is tightened at start.
        File.WriteAllBytes(file, []);
        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        await using (var host = new ApiHost(database))
        {
            await new RegistrationFlow(host).InitiateAsync();
            await host.WaitForPickupAsync(_ => true);

            const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            foreach (var path in new[] { file, file + "-wal", file + "-shm", host.PickupFile }
                .Concat(Directory.GetFiles(host.LogDirectory)).Concat(Directory.GetFiles(host.DataDirectory)))
            {
                Assert.True(File.GetUnixFileMode(path) == Private, $"{Path.GetFileName(path)} is {File.GetUnixFileMode(path)}");
            }
            foreach (var folder in new[] { host.DataDirectory, host.LogDirectory, Path.GetDirectoryName(host.PickupFile)! })
            {
                Assert.True(File.GetUnixFileMode(folder) == (Private | UnixFileMode.UserExecute), $"{folder} is {File.GetUnixFileMode(folder)}");
            }
        }
    }

    private static Dictionary<string, string?> Environment(string directory) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(typeof(Program).Assembly.Location),
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["Storage__DataDirectory"] = Path.Combine(directory, "data"),
        ["LogFiles__Directory"] = Path.Combine(directory, "logs"),
    };

    private static string Scratch(string prefix)
    {
        return Infrastructure.Scratch.NewDirectory(prefix);
    }
}
