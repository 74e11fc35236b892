using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Platform.Logging;

/// <summary>Settings of section <c>LogFiles</c>: the per-module rolling files.</summary>
public sealed class LogFileOptions
{
    public const string Section = "LogFiles";

    /// <summary>Folder of the log files; relative paths are under the working directory.</summary>
    public string Directory { get; set; } = "logs";

    /// <summary>A file rolls at midnight UTC, or earlier when it reaches this size.</summary>
    [Range(1024, long.MaxValue)]
    public long FileSizeLimitBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Rolled files older than this many days are deleted.</summary>
    [Range(1, 3650)]
    public int RetainedDays { get; set; } = 30;

    /// <summary>Also write to the console (redacted the same way).</summary>
    public bool Console { get; set; } = true;

    /// <summary>
    /// Extra routes: file name (without .log) to the logger-category prefixes it receives. The longest
    /// matching prefix wins; anything unmatched goes to app.log.
    /// </summary>
    public Dictionary<string, string[]> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
