using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Fraud.Data;

/// <summary>A customer debit the screen saw: the fraud module's own history of each customer's pattern.</summary>
[Table("fraud_debits")]
internal sealed class ScreenedDebit
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("transaction_id"), NotNull] public string TransactionId { get; set; } = "";
    [Column("amount_paise")] public long AmountPaise { get; set; }
    [Column("destination"), NotNull] public string Destination { get; set; } = "";
    [Column("first_time")] public bool FirstTime { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

/// <summary>Seed 001's fraud alert.</summary>
[Table("fraud_alerts")]
internal sealed class FraudAlert
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("alert_id"), NotNull] public string AlertId { get; set; } = "";
    [Column("alert_type"), NotNull] public string AlertType { get; set; } = "";
    [Column("severity"), NotNull] public string Severity { get; set; } = "";
    [Column("status"), NotNull] public string Status { get; set; } = "";
    [Column("title"), NotNull] public string Title { get; set; } = "";
    [Column("description"), NotNull] public string Description { get; set; } = "";
    [Column("risk_score")] public int RiskScore { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("user_code"), NotNull] public string UserCode { get; set; } = "";
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("transaction_id")] public string? TransactionId { get; set; }
    [Column("note")] public string? Note { get; set; }
    [Column("handled_by")] public string? HandledBy { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
}
