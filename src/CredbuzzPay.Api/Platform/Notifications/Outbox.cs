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
    /// <summary>
    /// Queues a message on <paramref name="db"/> (inside its transaction, when one is open). One sent for a purpose the person does not consent to
    /// (<see cref="IMessageConsent"/>) is recorded as cancelled, without its content, and never sent.
    /// </summary>
    Task<Guid> EnqueueAsync(AppDb db, OutgoingMessage message, CancellationToken cancellationToken = default);

    /// <summary>Cancels every message still queued for <paramref name="purpose"/> about <paramref name="subjectId"/> (inside the caller's transaction); answers how many.</summary>
    Task<int> CancelAsync(AppDb db, Guid subjectId, string purpose, CancellationToken cancellationToken = default);
}

internal sealed class Outbox : IOutbox
{
    private readonly SecretBox _box;
    private readonly IMessageConsent _consent;
    private readonly TimeProvider _clock;
    private readonly OutboxSignal _signal;

    public Outbox(SecretBox box, IMessageConsent consent, TimeProvider clock, OutboxSignal signal)
    {
        _box = box;
        _consent = consent;
        _clock = clock;
        _signal = signal;
    }

    public async Task<Guid> EnqueueAsync(AppDb db, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        if (message.Channel is not (Channels.Email or Channels.Sms))
        {
            throw new ArgumentException($"Unknown channel '{message.Channel}'.", nameof(message));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(message.To);
        if (message.Purpose is not null && message.SubjectId is null)
        {
            throw new ArgumentException("A message sent for a purpose names whom it is about (SubjectId), so a withdrawn consent can cancel it.", nameof(message));
        }
        // Queued for someone who does not consent to its purpose: recorded as cancelled, its content never stored.
        var refused = message.Purpose is { } purpose && !await _consent.AllowsAsync(db, message.SubjectId!.Value, purpose, cancellationToken);
        var now = _clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var record = new OutboxRecord
        {
            Id = id,
            Channel = message.Channel,
            RecipientMask = message.Channel == Channels.Email ? Masks.Email(message.To) : Masks.Phone(message.To),
            Payload = refused ? null : _box.Encrypt(JsonSerializer.SerializeToUtf8Bytes(message), PayloadContext(id)),
            Status = refused ? OutboxStatus.Cancelled : OutboxStatus.Pending,
            NextAttemptAt = message.NotBefore is { } notBefore && notBefore > now.UtcDateTime ? notBefore : now.UtcDateTime,
            CreatedAt = now.UtcDateTime,
            Purpose = message.Purpose,
            SubjectId = message.SubjectId,
        };
        await db.InsertAsync(record, token: cancellationToken);
        if (record.Status == OutboxStatus.Pending && record.NextAttemptAt <= now.UtcDateTime)
        {
            // Due now: the dispatcher runs as soon as the caller's transaction commits (at once when there is none).
            db.AfterCommit(_signal.Wake);
        }
        return id;
    }

    public Task<int> CancelAsync(AppDb db, Guid subjectId, string purpose, CancellationToken cancellationToken = default) =>
        db.GetTable<OutboxRecord>().Where(m => m.SubjectId == subjectId && m.Purpose == purpose && m.Status == OutboxStatus.Pending)
            .Set(m => m.Status, OutboxStatus.Cancelled).Set(m => m.Payload, (byte[]?)null).Set(m => m.LockedUntil, (DateTime?)null).UpdateAsync(cancellationToken);

    internal static string PayloadContext(Guid id) => "outbox_messages.payload:" + id.ToString("N");
}
