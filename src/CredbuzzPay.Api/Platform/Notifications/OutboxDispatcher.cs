using System.Security.Cryptography;
using System.Text.Json;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Notifications.Data;
using CredbuzzPay.Api.Platform.Privacy;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>
/// Delivers due outbox messages. Each message is claimed with a lease (a conditional update, so two
/// nodes never send the same message at once), sent through its channel's sender, then marked sent
/// with its payload erased, or rescheduled with exponential backoff and jitter, or marked dead after
/// the last attempt.
/// </summary>
internal sealed class OutboxDispatcher
{
    private readonly AppDbFactory _factory;
    private readonly SecretBox _box;
    private readonly MessageSenders _senders;
    private readonly IMessageConsent _consent;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<OutboxDispatcher> _logger;

    // Seven: the consent check belongs to delivery itself (a consent withdrawn while the message waited must stop it here too).
    public OutboxDispatcher(AppDbFactory factory, SecretBox box, MessageSenders senders, IMessageConsent consent, IOptions<NotificationOptions> options, TimeProvider clock,
        ILogger<OutboxDispatcher> logger)
    {
        _factory = factory;
        _box = box;
        _senders = senders;
        _consent = consent;
        _options = options.Value.Outbox;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Sends what is due; answers how many messages were delivered.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        var now = _clock.GetUtcNow().UtcDateTime;
        var due = await db.GetTable<OutboxRecord>()
            .Where(m => m.Status == OutboxStatus.Pending && Instants.AtOrBefore(m.NextAttemptAt, now) && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
        var delivered = 0;
        foreach (var id in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await TryClaimAsync(db, id, cancellationToken) is { } message && await DeliverAsync(db, message, cancellationToken))
            {
                delivered++;
            }
        }
        return delivered;
    }

    private async Task<OutboxRecord?> TryClaimAsync(AppDb db, Guid id, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var claimed = await db.GetTable<OutboxRecord>()
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && (m.LockedUntil == null || m.LockedUntil < now))
            .Set(m => m.LockedUntil, now.AddSeconds(_options.LeaseSeconds))
            .UpdateAsync(cancellationToken);
        return claimed == 1
            ? await db.GetTable<OutboxRecord>().FirstOrDefaultAsync(m => m.Id == id, cancellationToken)
            : null;
    }

    private async Task<bool> DeliverAsync(AppDb db, OutboxRecord record, CancellationToken cancellationToken)
    {
        var attempts = record.Attempts + 1;
        try
        {
            var message = JsonSerializer.Deserialize<OutgoingMessage>(_box.Decrypt(record.Payload ?? throw new CryptographicException("The payload was erased."), Outbox.PayloadContext(record.Id)))
                ?? throw new CryptographicException("Empty payload.");
            if (message is { Purpose: { } purpose, SubjectId: { } subject } && !await _consent.AllowsAsync(db, subject, purpose, cancellationToken))
            {
                await db.GetTable<OutboxRecord>().Where(m => m.Id == record.Id)
                    .Set(m => m.Status, OutboxStatus.Cancelled).Set(m => m.Payload, (byte[]?)null).Set(m => m.LockedUntil, (DateTime?)null).UpdateAsync(CancellationToken.None);
                _logger.LogInformation("Cancelled {Channel} message {MessageId}: its subject no longer consents to {Purpose}", record.Channel, record.Id, purpose);
                return false;
            }
            await _senders.For(message.Channel).SendAsync(new QueuedMessage(record.Id, message, record.CreatedAt), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await RecordFailureAsync(db, record, attempts, ex, cancellationToken);
            return false;
        }
        await db.GetTable<OutboxRecord>()
            .Where(m => m.Id == record.Id)
            .Set(m => m.Status, OutboxStatus.Sent)
            .Set(m => m.Attempts, attempts)
            .Set(m => m.SentAt, _clock.GetUtcNow().UtcDateTime)
            .Set(m => m.Payload, (byte[]?)null)
            .Set(m => m.LockedUntil, (DateTime?)null)
            .Set(m => m.LastError, (string?)null)
            .UpdateAsync(CancellationToken.None);
        _logger.LogInformation("Delivered {Channel} message {MessageId} to {Recipient} on attempt {Attempt}", record.Channel, record.Id, record.RecipientMask, attempts);
        return true;
    }

    private async Task RecordFailureAsync(AppDb db, OutboxRecord record, int attempts, Exception ex, CancellationToken cancellationToken)
    {
        var dead = attempts >= _options.MaxAttempts || ex is CryptographicException or JsonException;
        var error = Redaction.RedactText($"{ex.GetType().Name}: {ex.Message}");
        error = error.Length > 500 ? error[..500] : error;
        var now = _clock.GetUtcNow().UtcDateTime;
        await db.GetTable<OutboxRecord>()
            .Where(m => m.Id == record.Id)
            .Set(m => m.Status, dead ? OutboxStatus.Dead : OutboxStatus.Pending)
            .Set(m => m.Attempts, attempts)
            .Set(m => m.NextAttemptAt, dead ? now : now + Backoff(attempts))
            .Set(m => m.LockedUntil, (DateTime?)null)
            .Set(m => m.LastError, error)
            .Set(m => m.Payload, dead ? null : record.Payload)
            .UpdateAsync(CancellationToken.None);
        if (dead)
        {
            _logger.LogError("Gave up on {Channel} message {MessageId} to {Recipient} after {Attempts} attempt(s): {Error}", record.Channel, record.Id, record.RecipientMask, attempts, error);
        }
        else
        {
            _logger.LogWarning("Delivery of {Channel} message {MessageId} to {Recipient} failed (attempt {Attempts}); retrying: {Error}", record.Channel, record.Id, record.RecipientMask, attempts, error);
        }
    }

    /// <summary>base × 2^(attempt-1), capped, with ±20 % jitter so a failing provider is not hit in step.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Min(_options.MaxBackoffSeconds, _options.BaseBackoffSeconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        var jitter = 0.8 + (RandomNumberGenerator.GetInt32(0, 401) / 1000.0);
        return TimeSpan.FromSeconds(Math.Min(_options.MaxBackoffSeconds, seconds * jitter));
    }
}
