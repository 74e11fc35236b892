using CredbuzzPay.Api.Platform.Logging;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>
/// One line of the retention table (docs/privacy.md): a kind of data (<paramref name="Kind"/>, the key of <c>Retention:Basis</c>), what it is,
/// how long it is kept, the setting that says so, its legal basis and what enforces it.
/// </summary>
public sealed record RetentionRule(string Kind, string What, string Kept, string Setting, string Basis, string EnforcedBy);

/// <summary>
/// The retention table as configured now: every cleanup task's <see cref="ICleanupTask.Retains"/>, the log files and the audit rows, each legal
/// basis replaced by <c>Retention:Basis:&lt;kind&gt;</c> where the operator set one (their counsel's wording).
/// </summary>
public sealed class RetentionTable
{
    private readonly IEnumerable<ICleanupTask> _tasks;
    private readonly IOptions<RetentionOptions> _retention;
    private readonly IOptions<LogFileOptions> _logs;

    public RetentionTable(IEnumerable<ICleanupTask> tasks, IOptions<RetentionOptions> retention, IOptions<LogFileOptions> logs)
    {
        _tasks = tasks;
        _retention = retention;
        _logs = logs;
    }

    public IReadOnlyList<RetentionRule> Rules()
    {
        var rules = _tasks.SelectMany(t => t.Retains).ToList();
        rules.Add(new("log_files", "log files", Days(_logs.Value.RetainedDays), "LogFiles:RetainedDays", "operations; no secret or number is ever logged", "the log writer"));
        rules.Add(new("audit_rows", "audit rows", "not purged", "-", "the hash chain needs every row; a purge needs an archive and a new anchor", "-"));
        var bases = _retention.Value.Basis;
        return rules.Select(r => bases.TryGetValue(r.Kind, out var basis) && !string.IsNullOrWhiteSpace(basis) ? r with { Basis = basis.Trim() } : r).ToList();
    }

    /// <summary>"1 day", "90 days".</summary>
    public static string Days(int days) => days == 1 ? "1 day" : FormattableString.Invariant($"{days} days");
}
