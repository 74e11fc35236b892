using Quartz;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>The scheduled run of the outbox dispatcher: first deliveries and retries alike.</summary>
[DisallowConcurrentExecution]
internal sealed class OutboxDispatchJob : IJob
{
    public static readonly JobKey Key = new("outbox-dispatch", "platform");
    private readonly OutboxDispatcher _dispatcher;

    public OutboxDispatchJob(OutboxDispatcher dispatcher) => _dispatcher = dispatcher;

    public Task Execute(IJobExecutionContext context) => _dispatcher.DispatchDueAsync(context.CancellationToken);
}
