using Quartz;

namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>Runs every registered <see cref="IDayCloseTask"/>, once per firing on one node of the cluster; one failing task does not stop the others.</summary>
[DisallowConcurrentExecution]
internal sealed partial class DayCloseJob : IJob
{
    public static readonly JobKey Key = new("day-close", "platform");
    private readonly IEnumerable<IDayCloseTask> _tasks;
    private readonly TimeProvider _clock;
    private readonly ILogger<DayCloseJob> _logger;

    public DayCloseJob(IEnumerable<IDayCloseTask> tasks, TimeProvider clock, ILogger<DayCloseJob> logger)
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
                Ran(task.Name, context.Scheduler.SchedulerInstanceId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Failed(ex, task.Name);
            }
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Day close {Task} done on {Instance}")]
    private partial void Ran(string task, string instance);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Error, Message = "Day close {Task} failed; what it did is kept and the next run goes on from there")]
    private partial void Failed(Exception ex, string task);
}
