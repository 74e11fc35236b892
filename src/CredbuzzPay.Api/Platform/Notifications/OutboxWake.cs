using System.Threading.Channels;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>
/// Tells this node's dispatcher that a message was just committed to the outbox, so a code reaches its sender in milliseconds instead of at
/// the next poll. Signals coalesce (one pending wake covers any number of messages); the scheduled poll stays the safety net for a wake that
/// is lost (a crash after the commit) and for messages committed on other nodes.
/// </summary>
internal sealed class OutboxSignal
{
    private readonly Channel<bool> _wakes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wakes.Writer.TryWrite(true);

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _wakes.Reader.ReadAsync(cancellationToken);
}

/// <summary>
/// Runs the dispatcher whenever <see cref="OutboxSignal"/> is raised. Delivery stays exactly-once with the poll running beside it: every send
/// first claims its message with a lease (a conditional update), whichever run gets there first.
/// </summary>
internal sealed class OutboxWakeLoop : BackgroundService
{
    private readonly OutboxSignal _signal;
    private readonly OutboxDispatcher _dispatcher;
    private readonly ILogger<OutboxWakeLoop> _logger;

    public OutboxWakeLoop(OutboxSignal signal, OutboxDispatcher dispatcher, ILogger<OutboxWakeLoop> logger)
    {
        _signal = signal;
        _dispatcher = dispatcher;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(stoppingToken);
                await _dispatcher.DispatchDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be away for a moment: the poll delivers what this run could not.
                _logger.LogWarning(ex, "Woken outbox dispatch failed; the scheduled poll will deliver");
            }
        }
    }
}
