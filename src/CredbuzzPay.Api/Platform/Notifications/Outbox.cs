using System.Text.Json;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Notifications.Data;
using CredbuzzPay.Api.Platform.Privacy;
using LinqToDB;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>
/// Queues messages in the database, in the same transaction as the change that causes them, so a
/// message exists exactly when its change committed. The dispatcher delivers them afterwards.
/// </summary>
public interface IOutbox
{
    /// <summary>Queues a message on <paramref name="db"/> (inside its transaction, when one is open).</summary>
    Task<Guid> EnqueueAsync(AppDb db, OutgoingMessage message, CancellationToken cancellationToken = default);
}

internal sealed class Outbox : IOutbox
{
    private readonly SecretBox _box;
    private readonly TimeProvider _clock;

    public Outbox(SecretBox box, TimeProvider clock)
    {
        _box = box;
        _clock = clock;
    }

    public async Task<Guid> EnqueueAsync(AppDb db, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        if (message.Channel is not (Channels.Email or Channels.Sms))
        {
            throw new ArgumentException($"Unknown channel '{message.Channel}'.", nameof(message));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(message.To);
        var now = _clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var record = new OutboxRecord
        {
            Id = id,
            Channel = message.Channel,
            RecipientMask = message.Channel == Channels.Email ? Masks.Email(message.To) : Masks.Phone(message.To),
            Payload = _box.Encrypt(JsonSerializer.SerializeToUtf8Bytes(message), PayloadContext(id)),
            Status = OutboxStatus.Pending,
            NextAttemptAt = now.UtcDateTime,
            CreatedAt = now.UtcDateTime,
        };
        await db.InsertAsync(record, token: cancellationToken);
        return id;
    }

    internal static string PayloadContext(Guid id) => "outbox_messages.payload:" + id.ToString("N");
}
