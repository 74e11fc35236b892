using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Identity.Otp;

/// <summary>
/// One code sent to one destination for one purpose, under a request id the client holds. The code
/// itself is never stored: only its HMAC under the OtpHash key, bound to the challenge id.
/// </summary>
[Table("otp_challenges")]
internal sealed class OtpChallenge
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("request_id")] public Guid RequestId { get; set; }
    [Column("purpose"), NotNull] public string Purpose { get; set; } = "";
    [Column("channel"), NotNull] public string Channel { get; set; } = "";
    [Column("destination_hash"), NotNull] public string DestinationHash { get; set; } = "";
    [Column("user_id")] public Guid? UserId { get; set; }
    [Column("code_hash"), NotNull] public string CodeHash { get; set; } = "";
    [Column("attempts")] public int Attempts { get; set; }
    [Column("blocked_until")] public DateTime? BlockedUntil { get; set; }
    [Column("expires_at")] public DateTime ExpiresAt { get; set; }
    [Column("verified_at")] public DateTime? VerifiedAt { get; set; }
    [Column("last_sent_at")] public DateTime LastSentAt { get; set; }
    [Column("send_count")] public int SendCount { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

/// <summary>Each code sent, by destination hash, for the daily cap.</summary>
[Table("otp_sends")]
internal sealed class OtpSend
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("destination_hash"), NotNull] public string DestinationHash { get; set; } = "";
    [Column("purpose")] public string? Purpose { get; set; }
    [Column("sent_at")] public DateTime SentAt { get; set; }
}
