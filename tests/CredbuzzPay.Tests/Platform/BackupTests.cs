using System.Globalization;
using System.Text.Json;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Platform;

/// <summary><c>backup</c> while money moves, then <c>restore</c>: the books and the audit chain verify, and the database is that of one moment.</summary>
public sealed class BackupTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Ledger:Fees:TRANSFER:Flat"] = "0.00",
        ["Ledger:Products:SAVINGS:SingleTransactionLimit"] = "10000000.00",
        ["Ledger:Products:SAVINGS:DailyTransactionLimit"] = "10000000.00",
    };

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Backup_WhileTransfersRun_RestoresOneConsistentMoment_AndTheBooksAndTheChainVerify()
    {
        using var database = TestDatabase.Create(TestEngines.Sqlite);
        var folder = Path.Combine(database.Directory, "backup-1");
        long entriesAtTheEnd;
        int acknowledged;
        await using (var host = new ApiHost(database, Settings))
        {
            var customer = await LedgerFlow.CustomerAsync(host);
            var first = await LedgerFlow.FundedAsync(customer, "100000.00");
            var second = await LedgerFlow.OpenAsync(customer);
            using var stop = new CancellationTokenSource();
            var count = 0;
            var load = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var answer = await LedgerFlow.TransferAsync(customer.Client, i % 2 == 0 ? first : second, i % 2 == 0 ? second : first, "1.00");
                    if (answer.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref count);
                    }
                }
            })).ToList();
            await Task.Delay(TimeSpan.FromSeconds(1));
            var before = Entries(database.ConnectionString);

            Assert.Equal(0, await RunAsync(host, "backup", "--to", folder));

            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await Task.WhenAll(load);
            acknowledged = count;
            entriesAtTheEnd = Entries(database.ConnectionString);
            Assert.True(before > 1 && entriesAtTheEnd > before, $"the transfers did not run around the backup ({before}, {entriesAtTheEnd})");
            // A folder that is not empty is refused, and nothing is written into it.
            Assert.Equal(1, await CommandRunner.RunAsync(host.Services, ["backup", "--to", folder]));
        }
        Assert.True(acknowledged > 10);

        // The backup folder: the database, the data directory's files (the pickup file here), never the key file; all private.
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json"))).RootElement;
        var paths = manifest.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        Assert.Equal("credbuzzpay.db", paths[0]);
        Assert.Contains(Path.Combine("files", "outbox", "messages.jsonl"), paths);
        Assert.DoesNotContain(paths, p => p!.EndsWith("keys.json", StringComparison.Ordinal));
        Assert.All(Directory.GetFiles(folder, "*", SearchOption.AllDirectories), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        var backedUp = Entries(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "credbuzzpay.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        Assert.InRange(backedUp, 2, entriesAtTheEnd - 1);

        // The service stopped, the operator restores and starts it again: the database is the backup's moment, and it verifies.
        await using (var host = new ApiHost(database, Settings))
        {
            // A damaged backup is refused before anything is touched.
            var damaged = Path.Combine(database.Directory, "backup-damaged");
            CopyFolder(folder, damaged);
            await using (var file = new FileStream(Path.Combine(damaged, "credbuzzpay.db"), FileMode.Open, FileAccess.ReadWrite))
            {
                file.Seek(-10, SeekOrigin.End);
                file.WriteByte(0x5A);
            }
            Assert.Equal(1, await CommandRunner.RunAsync(host.Services, ["restore", "--from", damaged]));
            Assert.Equal(entriesAtTheEnd, Entries(database.ConnectionString));

            Assert.Equal(0, await RunAsync(host, "restore", "--from", folder));

            Assert.Equal(backedUp, Entries(database.ConnectionString));
            Assert.Equal(0, await RunAsync(host, "verify-ledger"));
            Assert.Equal(0, await RunAsync(host, "verify-audit"));
            // The database it replaced is kept beside it, private, with every entry.
            var replaced = Directory.GetFiles(Path.GetDirectoryName(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource)!, "*.replaced-*").Single();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(replaced));
            Assert.Equal(entriesAtTheEnd, Entries(new SqliteConnectionStringBuilder { DataSource = replaced, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()));
            // And the restored service serves: a new sign-in and transfer work on it.
            var customer = await LedgerFlow.CustomerAsync(host);
            var account = await LedgerFlow.FundedAsync(customer, "5.00");
            Assert.Equal("5.00", await LedgerFlow.BalanceAsync(customer, account));
            Assert.Equal(0, await RunAsync(host, "verify-ledger"));
            Assert.Equal(0, await RunAsync(host, "verify-audit"));
        }
    }

    private static Task<int> RunAsync(ApiHost host, string name, params string[] args) =>
        host.Services.GetServices<ICliCommand>().Single(c => c.Name == name).RunAsync(new ConfigurationBuilder().AddCommandLine(args).Build(), CancellationToken.None);

    private static long Entries(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ledger_entries";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
