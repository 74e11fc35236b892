using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform.Database;

/// <summary>
/// A backup folder: <c>credbuzzpay.db</c> (SQLite's online backup of the database, one consistent snapshot even while the service writes),
/// <c>files/</c> (every file of the data directory but the database, its journals and the generated key file: KYC documents, the pickup
/// file) and <c>manifest.json</c> (each file's size and SHA-256). Keys are never in a backup: they are kept apart, in configuration or the
/// operator's secret store, so a stolen backup holds only ciphertext of the sealed fields. PostgreSQL and MariaDB are backed up with their own
/// tools (README, "Backups").
/// </summary>
internal sealed class SqliteBackups
{
    public const string DatabaseFile = "credbuzzpay.db";
    public const string ManifestName = "manifest.json";
    public const string FilesFolder = "files";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly AppDbFactory _factory;
    private readonly IOptions<StorageOptions> _storage;
    private readonly TimeProvider _clock;

    public SqliteBackups(AppDbFactory factory, IOptions<StorageOptions> storage, TimeProvider clock)
    {
        _factory = factory;
        _storage = storage;
        _clock = clock;
    }

    public bool Supported => _factory.Provider == DatabaseProvider.Sqlite;

    private string LiveDatabase => Path.GetFullPath(new SqliteConnectionStringBuilder(_factory.ConnectionString).DataSource);

    private string DataDirectory => _storage.Value.FullDataDirectory;

    /// <summary>Writes a backup into <paramref name="folder"/> (absent or empty); answers its manifest.</summary>
    public Manifest Backup(string folder)
    {
        folder = Path.GetFullPath(folder);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new InvalidOperationException($"The backup folder {folder} is not empty; give a new one.");
        }
        PrivateFiles.CreateDirectory(folder);
        var database = Path.Combine(folder, DatabaseFile);
        PrivateFiles.PrepareSqlite(database);
        using (var source = Open(_factory.ConnectionString))
        using (var copy = Open(Plain(database)))
        {
            // One step over every page under a read lock: the snapshot of one moment, while other connections go on writing to the WAL.
            source.BackupDatabase(copy);
        }
        var files = new List<ManifestFile> { Describe(folder, DatabaseFile) };
        foreach (var file in DataFiles(folder))
        {
            var relative = Path.GetRelativePath(DataDirectory, file);
            var target = Path.Combine(folder, FilesFolder, relative);
            PrivateFiles.CreateDirectory(Path.GetDirectoryName(target)!);
            CopyPrivately(file, target);
            files.Add(Describe(folder, Path.Combine(FilesFolder, relative)));
        }
        var manifest = new Manifest(_clock.GetUtcNow().UtcDateTime, "sqlite", files);
        using (var stream = new FileStream(Path.Combine(folder, ManifestName), PrivateFiles.Options(FileMode.CreateNew, FileAccess.Write)))
        {
            JsonSerializer.Serialize(stream, manifest, Json);
        }
        return manifest;
    }

    /// <summary>
    /// Checks <paramref name="folder"/> against its manifest and SQLite's integrity check, keeps the current database beside it
    /// (<c>.replaced-&lt;time&gt;</c>), then writes the backup over the live database through the backup API and puts its files back.
    /// Answers the manifest and the path of the database it replaced.
    /// </summary>
    public (Manifest Manifest, string Replaced) Restore(string folder)
    {
        folder = Path.GetFullPath(folder);
        var manifestPath = Path.Combine(folder, ManifestName);
        if (!File.Exists(manifestPath))
        {
            throw new InvalidOperationException($"{folder} holds no {ManifestName}: it is not a backup made by the backup command.");
        }
        Manifest manifest;
        using (var stream = File.OpenRead(manifestPath))
        {
            manifest = JsonSerializer.Deserialize<Manifest>(stream, Json) ?? throw new InvalidOperationException("The manifest is empty.");
        }
        foreach (var file in manifest.Files)
        {
            var path = Inside(folder, file.Path);
            if (!File.Exists(path) || Describe(folder, file.Path) != file)
            {
                throw new InvalidOperationException($"The backup is damaged: {file.Path} is missing or differs from its manifest.");
            }
        }
        var backup = Path.Combine(folder, DatabaseFile);
        using (var check = Open(new SqliteConnectionStringBuilder { DataSource = backup, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        using (var command = check.CreateCommand())
        {
            command.CommandText = "PRAGMA integrity_check;";
            if (command.ExecuteScalar() as string != "ok")
            {
                throw new InvalidOperationException("The backup's database fails SQLite's integrity check.");
            }
        }
        var replaced = LiveDatabase + ".replaced-" + _clock.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        PrivateFiles.PrepareSqlite(replaced);
        using (var live = Open(_factory.ConnectionString))
        {
            using (var keep = Open(Plain(replaced)))
            {
                live.BackupDatabase(keep);
            }
            using var source = Open(new SqliteConnectionStringBuilder { DataSource = backup, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            source.BackupDatabase(live);
        }
        SqliteConnection.ClearAllPools();
        foreach (var file in manifest.Files.Where(f => f.Path.StartsWith(FilesFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            var target = Inside(DataDirectory, Path.GetRelativePath(FilesFolder, file.Path));
            PrivateFiles.CreateDirectory(Path.GetDirectoryName(target)!);
            CopyPrivately(Path.Combine(folder, file.Path), target, overwrite: true);
        }
        return (manifest, replaced);
    }

    /// <summary>The data directory's files that belong in a backup: not the database and its journals, not the key file, not the backup itself.</summary>
    private IEnumerable<string> DataFiles(string backupFolder)
    {
        if (!Directory.Exists(DataDirectory))
        {
            return [];
        }
        var live = LiveDatabase;
        var skipped = new HashSet<string>(new[] { "", "-wal", "-shm", "-journal" }.Select(s => live + s), StringComparer.Ordinal)
        {
            Path.Combine(DataDirectory, "keys.json"),
        };
        return Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !skipped.Contains(f) && !f.Contains(".replaced-", StringComparison.Ordinal)
                && !f.StartsWith(backupFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static string Inside(string folder, string relative)
    {
        var path = Path.GetFullPath(Path.Combine(folder, relative));
        return path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException($"The manifest names a file outside the folder ({relative}).");
    }

    private static ManifestFile Describe(string folder, string relative)
    {
        using var stream = File.OpenRead(Path.Combine(folder, relative));
        return new ManifestFile(relative, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    private static void CopyPrivately(string from, string to, bool overwrite = false)
    {
        using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var target = new FileStream(to, PrivateFiles.Options(overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write));
        source.CopyTo(target);
        PrivateFiles.Restrict(to);
    }

    private static string Plain(string path) => new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    internal sealed record Manifest(DateTime CreatedAt, string Engine, IReadOnlyList<ManifestFile> Files);

    internal sealed record ManifestFile(string Path, long Bytes, string Sha256);
}

/// <summary><c>backup --to DIR</c>: an online, consistent backup of a SQLite service (<see cref="SqliteBackups"/>).</summary>
internal sealed class BackupCommand : ICliCommand
{
    private readonly SqliteBackups _backups;

    public BackupCommand(SqliteBackups backups) => _backups = backups;

    public string Name => "backup";

    public string Description => "Copy the SQLite database (online, consistent while the service writes) and the data directory's files to --to DIR, with SHA-256 sums.";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        if (!_backups.Supported)
        {
            await Console.Error.WriteLineAsync("backup copies a SQLite database; back up PostgreSQL with pg_dump or pg_basebackup and MariaDB with mariadb-dump (README, \"Backups\").");
            return 2;
        }
        if (string.IsNullOrWhiteSpace(options["to"]))
        {
            await Console.Error.WriteLineAsync("backup needs --to DIR (a new or empty folder).");
            return 2;
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var manifest = _backups.Backup(options["to"]!);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Backed up the database ({manifest.Files[0].Bytes} bytes) and {manifest.Files.Count - 1} file(s) to {Path.GetFullPath(options["to"]!)} in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s. Keys are not in it: keep them apart."));
        return 0;
    }
}

/// <summary><c>restore --from DIR</c>: puts a backup made by <see cref="BackupCommand"/> in place of the live database and files.</summary>
internal sealed class RestoreCommand : ICliCommand
{
    private readonly SqliteBackups _backups;

    public RestoreCommand(SqliteBackups backups) => _backups = backups;

    public string Name => "restore";

    public string Description => "Check a backup (--from DIR) against its SHA-256 sums and SQLite's integrity check, then put it in place of the database and files; stop the service first.";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        if (!_backups.Supported)
        {
            await Console.Error.WriteLineAsync("restore puts back a SQLite backup; restore PostgreSQL with pg_restore or from a base backup and MariaDB with mariadb (README, \"Backups\").");
            return 2;
        }
        if (string.IsNullOrWhiteSpace(options["from"]))
        {
            await Console.Error.WriteLineAsync("restore needs --from DIR (a folder written by the backup command).");
            return 2;
        }
        var (manifest, replaced) = _backups.Restore(options["from"]!);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Restored the backup of {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC ({manifest.Files.Count - 1} file(s)). The database it replaced is kept as {replaced}. Run verify-ledger and verify-audit next."));
        return 0;
    }
}
