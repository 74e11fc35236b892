using Quartz;

namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>Runs every registered <see cref="ICleanupTask"/>; one failing task does not stop the others.</summary>
[DisallowConcurrentExecution]
internal sealed class CleanupJob : IJob
{
    public static readonly JobKey Key = new("cleanup", "platform");
    private readonly IEnumerable<ICleanupTask> _tasks;
    private readonly TimeProvider _clock;
    private readonly ILogger<CleanupJob> _logger;

    public CleanupJob(IEnumerable<ICleanupTask> tasks, TimeProvider clock, ILogger<CleanupJob> logger)
    {
        _tasks = tasks;
        _clock = clock;
        _logger = logger;
    }

    public async Task Execute(IJobExecutionContext context)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var task in _tasks)
        {
            try
            {
                var removed = await task.CleanAsync(now, context.CancellationToken);
                _logger.LogInformation("Cleanup {Task}: {Removed} expired row(s) removed (fire {FireTime:O} on {Instance})",
                    task.Name, removed, context.ScheduledFireTimeUtc, context.Scheduler.SchedulerInstanceId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Cleanup {Task} failed; it runs again on the next schedule", task.Name);
            }
        }
    }
}
