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
