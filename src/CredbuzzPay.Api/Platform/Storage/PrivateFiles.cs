namespace CredbuzzPay.Api.Platform.Storage;

/// <summary>
/// Files and folders that hold personal data or secrets (the SQLite database and its journals, keys,
/// logs, the pickup file, KYC documents) are readable and writable by the service's user only:
/// folders 0700 and files 0600 when created here, and known files tightened when found looser.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents) as 0700; an existing folder is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, DirectoryMode);
    }

    /// <summary>Options that create the file 0600 (the mode applies only when the file is created).</summary>
    public static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access, FileShare share = FileShare.Read)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        return options;
    }

    /// <summary>Sets an existing file to 0600; a missing one is fine.</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & ~FileMode) != 0)
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    /// <summary>
    /// Before SQLite opens <paramref name="database"/>: its folder exists (0700 when new), the file exists
    /// as 0600 (SQLite gives the -wal, -shm and -journal files the database file's mode), and any of them
    /// left looser by an earlier version are tightened.
    /// </summary>
    public static void PrepareSqlite(string database)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(database)) is { Length: > 0 } folder)
        {
            CreateDirectory(folder);
        }
        if (!File.Exists(database))
        {
            using (new FileStream(database, Options(System.IO.FileMode.CreateNew, FileAccess.Write)))
            {
            }
        }
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            Restrict(database + suffix);
        }
    }
}
