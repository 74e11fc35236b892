using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Notifications.Data;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>The outbox's backlog: messages waiting, the oldest one's age, messages given up on.</summary>
public sealed record OutboxBacklog(long Pending, DateTime? OldestPendingAt, long Dead);

public sealed class OutboxMonitor
{
    public async Task<OutboxBacklog> BacklogAsync(AppDb db, CancellationToken cancellationToken = default)
    {
        var pending = db.GetTable<OutboxRecord>().Where(r => r.Status == Data.OutboxStatus.Pending);
        return new OutboxBacklog(
            await pending.LongCountAsync(cancellationToken),
            await pending.MinAsync(r => (DateTime?)r.CreatedAt, cancellationToken),
            await db.GetTable<OutboxRecord>().LongCountAsync(r => r.Status == Data.OutboxStatus.Dead, cancellationToken));
    }
}
