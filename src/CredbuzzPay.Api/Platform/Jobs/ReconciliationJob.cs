using Quartz;

namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>Runs every registered <see cref="IReconciliationTask"/>; one failing task does not stop the others.</summary>
[DisallowConcurrentExecution]
internal sealed partial class ReconciliationJob : IJob
{
    public static readonly JobKey Key = new("reconcile", "platform");
    private readonly IEnumerable<IReconciliationTask> _tasks;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReconciliationJob> _logger;

    public ReconciliationJob(IEnumerable<IReconciliationTask> tasks, TimeProvider clock, ILogger<ReconciliationJob> logger)
    {
        _tasks = tasks;
        _clock = clock;
        _logger = logger;
    }

    public async Task Execute(IJobExecutionContext context)
    {
        foreach (var task in _tasks)
        {
            try
            {
                await task.RunAsync(_clock.GetUtcNow().UtcDateTime, context.CancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Failed(ex, task.Name);
            }
        }
    }

    [LoggerMessage(EventId = 9111, Level = LogLevel.Error, Message = "Reconciliation {Task} failed; the next run tries again")]
    private partial void Failed(Exception ex, string task);
}
