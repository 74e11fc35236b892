using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Platform.Notifications.Data;

/// <summary>
/// A queued message. Its recipient and body are kept only encrypted (they carry OTPs) and are
/// erased once it is delivered or given up; the mask is what operators see.
/// </summary>
[Table("outbox_messages")]
internal sealed class OutboxRecord
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("channel"), NotNull] public string Channel { get; set; } = "";
    [Column("recipient_mask"), NotNull] public string RecipientMask { get; set; } = "";
    [Column("payload")] public byte[]? Payload { get; set; }
    [Column("status"), NotNull] public string Status { get; set; } = OutboxStatus.Pending;
    [Column("attempts")] public int Attempts { get; set; }
    [Column("next_attempt_at")] public DateTime NextAttemptAt { get; set; }
    [Column("locked_until")] public DateTime? LockedUntil { get; set; }
    [Column("last_error")] public string? LastError { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("sent_at")] public DateTime? SentAt { get; set; }
    [Column("purpose")] public string? Purpose { get; set; }
    [Column("subject_id")] public Guid? SubjectId { get; set; }
}

internal static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Dead = "dead";
    /// <summary>Withdrawn before it was sent (the person withdrew the consent its purpose needs); its payload is erased.</summary>
    public const string Cancelled = "cancelled";
}
