namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>
/// Removes one module's expired records (delivered messages, spent OTPs, ended sessions...). Modules
/// register theirs; the cleanup job runs them all on its schedule.
/// </summary>
public interface ICleanupTask
{
    string Name { get; }

    /// <summary>Deletes what expired before <paramref name="now"/>; answers how many rows went.</summary>
    Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken);
}
