using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Audit.Data;

[Table("audit_trail")]
internal sealed class AuditRecord
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("sequence")] public long Sequence { get; set; }
    [Column("occurred_at")] public DateTime OccurredAt { get; set; }
    [Column("actor"), NotNull] public string Actor { get; set; } = "";
    [Column("action"), NotNull] public string Action { get; set; } = "";
    [Column("target_type")] public string? TargetType { get; set; }
    [Column("target_id")] public string? TargetId { get; set; }
    [Column("ip_address")] public string? IpAddress { get; set; }
    [Column("user_agent")] public string? UserAgent { get; set; }
    [Column("correlation_id")] public string? CorrelationId { get; set; }
    [Column("detail")] public string? Detail { get; set; }
    /// <summary>The acting user's branch (from their token) when the row was written; not part of the hash.</summary>
    [Column("branch_code")] public string? BranchCode { get; set; }

    [Column("prev_hash"), NotNull] public string PrevHash { get; set; } = "";
    [Column("hash"), NotNull] public string Hash { get; set; } = "";
}

/// <summary>The chain's last link; its row lock serialises appenders across nodes.</summary>
[Table("audit_chain_head")]
internal sealed class AuditChainHead
{
    public const int SingletonId = 1;

    [PrimaryKey, Column("id")] public int Id { get; set; }
    [Column("last_sequence")] public long LastSequence { get; set; }
    [Column("last_hash"), NotNull] public string LastHash { get; set; } = "";
}

/// <summary>
/// Events per UTC day, acting branch ('' for none) and action, counted in the appending transaction,
/// so the statistics read a few hundred rows instead of a window of the trail.
/// </summary>
[Table("audit_daily_counts")]
internal sealed class AuditDailyCount
{
    [PrimaryKey(0), Column("day")] public DateTime Day { get; set; }
    [PrimaryKey(1), Column("branch_key"), NotNull] public string BranchKey { get; set; } = "";
    [PrimaryKey(2), Column("action"), NotNull] public string Action { get; set; } = "";
    [Column("events")] public long Events { get; set; }
}

/// <summary>Events per UTC hour and acting branch (the statistics' peak hours).</summary>
[Table("audit_hourly_counts")]
internal sealed class AuditHourlyCount
{
    [PrimaryKey(0), Column("hour")] public DateTime Hour { get; set; }
    [PrimaryKey(1), Column("branch_key"), NotNull] public string BranchKey { get; set; } = "";
    [Column("events")] public long Events { get; set; }
}

/// <summary>When each actor (per acting branch) last wrote a row: the distinct actors since an instant are the rows seen since.</summary>
[Table("audit_actor_last_seen")]
internal sealed class AuditActorLastSeen
{
    [PrimaryKey(0), Column("branch_key"), NotNull] public string BranchKey { get; set; } = "";
    [PrimaryKey(1), Column("actor"), NotNull] public string Actor { get; set; } = "";
    [Column("last_at")] public DateTime LastAt { get; set; }
}

/// <summary>
/// One row per user who registered (from <c>user.registered</c>): when they first submitted each KYC
/// section and when their KYC became fully verified. Kept from the audit rows as they are appended,
/// so the funnel counts a cohort instead of searching the trail.
/// </summary>
[Table("registration_funnel")]
internal sealed class RegistrationFunnelRow
{
    [PrimaryKey, Column("user_code"), NotNull] public string UserCode { get; set; } = "";
    [Column("registered_at")] public DateTime RegisteredAt { get; set; }
    [Column("aadhaar_at")] public DateTime? AadhaarAt { get; set; }
    [Column("pan_at")] public DateTime? PanAt { get; set; }
    [Column("business_at")] public DateTime? BusinessAt { get; set; }
    [Column("bank_at")] public DateTime? BankAt { get; set; }
    [Column("verified_at")] public DateTime? VerifiedAt { get; set; }
}
