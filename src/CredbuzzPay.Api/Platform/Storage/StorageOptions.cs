namespace CredbuzzPay.Api.Platform.Storage;

/// <summary>Settings of section <c>Storage</c>: where the service keeps its files.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Data directory (SQLite database, Development keys, pickup folder); relative paths are under the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    internal string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
