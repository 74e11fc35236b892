namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>
/// Removes one module's expired records (delivered messages, spent OTPs, ended sessions...). Modules
/// register theirs; the cleanup job runs them all on its schedule.
/// </summary>
public interface ICleanupTask
{
    string Name { get; }

    /// <summary>
    /// The lines of the retention table this task enforces, with the periods of the configuration in force (none for a task that only ends
    /// things, such as expired blocks). <see cref="RetentionTable"/> gathers them for <c>privacy-report</c>.
    /// </summary>
    IEnumerable<RetentionRule> Retains => [];

    /// <summary>Deletes what expired before <paramref name="now"/>; answers how many rows went.</summary>
    Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken);
}
