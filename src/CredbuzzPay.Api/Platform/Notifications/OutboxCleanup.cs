using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using CredbuzzPay.Api.Platform.Notifications.Data;
using LinqToDB;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>Deletes delivered and dead messages after the retention period.</summary>
internal sealed class OutboxCleanup : ICleanupTask
{
    private readonly AppDbFactory _factory;
    private readonly OutboxOptions _options;

    public OutboxCleanup(AppDbFactory factory, IOptions<NotificationOptions> options)
    {
        _factory = factory;
        _options = options.Value.Outbox;
    }

    public string Name => "outbox";

    public IEnumerable<RetentionRule> Retains =>
    [
        new("outbox", "outbox messages once sent, dead or cancelled", RetentionTable.Days(_options.RetainDays) + " after they were queued",
            "Notifications:Outbox:RetainDays", "delivery troubleshooting", "cleanup job (outbox)"),
    ];

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        var cutoff = now.AddDays(-_options.RetainDays);
        await using var db = _factory.Create();
        return await db.GetTable<OutboxRecord>()
            .Where(m => (m.Status == OutboxStatus.Sent || m.Status == OutboxStatus.Dead || m.Status == OutboxStatus.Cancelled) && Instants.Before(m.CreatedAt, cutoff))
            .DeleteAsync(cancellationToken);
    }
}
