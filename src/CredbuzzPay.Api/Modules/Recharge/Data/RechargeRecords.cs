using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Recharge.Data;

[Table("recharge_operators")]
internal sealed class OperatorRow
{
    [PrimaryKey, Column("code"), NotNull] public string Code { get; set; } = "";
    [Column("name"), NotNull] public string Name { get; set; } = "";
    /// <summary>mobile or dth.</summary>
    [Column("kind"), NotNull] public string Kind { get; set; } = "";
    [Column("active")] public bool Active { get; set; }
}

/// <summary>One of India's 22 telecom circles.</summary>
[Table("recharge_circles")]
internal sealed class CircleRow
{
    [PrimaryKey, Column("code"), NotNull] public string Code { get; set; } = "";
    [Column("name"), NotNull] public string Name { get; set; } = "";
}

/// <summary>A plan of the catalogue; <see cref="CircleCode"/> null means every circle. Deactivated, never deleted (purchases name it).</summary>
[Table("recharge_plans")]
internal sealed class PlanRow
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("operator_code"), NotNull] public string OperatorCode { get; set; } = "";
    [Column("circle_code")] public string? CircleCode { get; set; }
    [Column("plan_type"), NotNull] public string PlanType { get; set; } = "";
    [Column("price_paise")] public long PricePaise { get; set; }
    [Column("validity_days")] public int? ValidityDays { get; set; }
    [Column("data")] public string? Data { get; set; }
    [Column("talktime_paise")] public long? TalktimePaise { get; set; }
    [Column("description"), NotNull] public string Description { get; set; } = "";
    [Column("active")] public bool Active { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A recharge bought with a wallet: PENDING with its hold on the payer's wallet until the aggregator's final answer (or a
/// staff decision), then SUCCESS (the hold posted and split), FAILED (voided: the refund) or, after an operator's
/// reversal, REVERSED. The margins, commission and tax rates in force when it was made are kept on it.
/// </summary>
[Table("recharge_purchases")]
internal sealed class PurchaseRow
{
    public const string Pending = "PENDING";
    public const string Success = "SUCCESS";
    public const string Failed = "FAILED";
    public const string Reversed = "REVERSED";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("purchase_id"), NotNull] public string PurchaseId { get; set; } = "";
    [Column("payer_id")] public Guid PayerId { get; set; }
    [Column("payer_code"), NotNull] public string PayerCode { get; set; } = "";
    /// <summary>retailer (a sale to a walk-in customer) or customer (for themselves).</summary>
    [Column("payer_tier"), NotNull] public string PayerTier { get; set; } = "";
    [Column("distributor_id")] public Guid? DistributorId { get; set; }
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("plan_id")] public Guid PlanId { get; set; }
    [Column("operator_code"), NotNull] public string OperatorCode { get; set; } = "";
    [Column("circle_code")] public string? CircleCode { get; set; }
    [Column("subscriber"), NotNull] public string Subscriber { get; set; } = "";
    [Column("amount_paise")] public long AmountPaise { get; set; }
    [Column("status"), NotNull] public string Status { get; set; } = "";
    /// <summary>Set while PENDING (payer, subscriber, plan), unique: the same recharge cannot start twice; null once final.</summary>
    [Column("pending_key")] public string? PendingKey { get; set; }
    [Column("entry_id")] public Guid EntryId { get; set; }
    [Column("aggregator"), NotNull] public string Aggregator { get; set; } = "";
    [Column("operator_ref")] public string? OperatorRef { get; set; }
    [Column("failure_reason")] public string? FailureReason { get; set; }
    [Column("commission_bp")] public int CommissionBp { get; set; }
    [Column("retailer_margin_bp")] public int RetailerMarginBp { get; set; }
    [Column("distributor_margin_bp")] public int DistributorMarginBp { get; set; }
    [Column("tds_bp")] public int TdsBp { get; set; }
    [Column("retailer_paise")] public long RetailerPaise { get; set; }
    [Column("retailer_tds_paise")] public long RetailerTdsPaise { get; set; }
    [Column("distributor_paise")] public long DistributorPaise { get; set; }
    [Column("distributor_tds_paise")] public long DistributorTdsPaise { get; set; }
    [Column("platform_paise")] public long PlatformPaise { get; set; }
    [Column("checks")] public int Checks { get; set; }
    [Column("next_check_at")] public DateTime? NextCheckAt { get; set; }
    [Column("resolved_by")] public string? ResolvedBy { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("completed_at")] public DateTime? CompletedAt { get; set; }
}
