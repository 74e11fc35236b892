using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.BillPay.Data;

/// <summary>
/// A biller of the catalogue (BBPS-like): the customer parameters it needs (JSON: name, label, regex, required), whether it
/// answers a bill fetch, its amount range, whether it takes part payment, its platform fee rule and the margin it pays a
/// retailer who collects for it.
/// </summary>
[Table("billers")]
internal sealed class BillerRow
{
    [PrimaryKey, Column("biller_id"), NotNull] public string BillerId { get; set; } = "";
    [Column("name"), NotNull] public string Name { get; set; } = "";
    [Column("category_code"), NotNull] public string CategoryCode { get; set; } = "";
    [Column("customer_params"), NotNull] public string CustomerParams { get; set; } = "[]";
    [Column("fetch_supported")] public bool FetchSupported { get; set; }
    [Column("part_payment")] public bool PartPayment { get; set; }
    [Column("min_amount_paise")] public long MinAmountPaise { get; set; }
    [Column("max_amount_paise")] public long MaxAmountPaise { get; set; }
    [Column("payment_modes"), NotNull] public string PaymentModes { get; set; } = "wallet,account";
    /// <summary>FIXED (paise) or PERCENTAGE (hundredths of a percent).</summary>
    [Column("fee_type"), NotNull] public string FeeType { get; set; } = "FIXED";
    [Column("fee_value")] public long FeeValue { get; set; }
    [Column("retailer_margin_bp")] public int RetailerMarginBp { get; set; }
    [Column("featured")] public bool Featured { get; set; }
    [Column("active")] public bool Active { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
}

/// <summary>A fetched bill, valid for 30 minutes, for the caller who fetched it and these parameters only (keyed hash).</summary>
[Table("bill_fetches")]
internal sealed class FetchRow
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("fetch_id"), NotNull] public string FetchId { get; set; } = "";
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("biller_id"), NotNull] public string BillerId { get; set; } = "";
    [Column("params_hash"), NotNull] public string ParamsHash { get; set; } = "";
    [Column("customer_name"), NotNull] public string CustomerName { get; set; } = "";
    [Column("bill_amount_paise")] public long BillAmountPaise { get; set; }
    [Column("minimum_due_paise")] public long? MinimumDuePaise { get; set; }
    [Column("bill_number"), NotNull] public string BillNumber { get; set; } = "";
    [Column("bill_date"), NotNull] public string BillDate { get; set; } = "";
    [Column("due_date"), NotNull] public string DueDate { get; set; } = "";
    [Column("valid_until")] public DateTime ValidUntil { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A bill payment: PENDING with its hold until the provider's final answer, then SUCCESS (the hold posted: biller, fee,
/// margin) or FAILED (voided). The customer parameters are kept encrypted, and masked for display.
/// </summary>
[Table("bill_payments")]
internal sealed class PaymentRow
{
    public const string Pending = "PENDING";
    public const string Success = "SUCCESS";
    public const string Failed = "FAILED";
    /// <summary>Debited but, by a complaint, found not credited by the biller: the money went back by a ledger entry.</summary>
    public const string Refunded = "REFUNDED";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("payment_id"), NotNull] public string PaymentId { get; set; } = "";
    [Column("reference"), NotNull] public string Reference { get; set; } = "";
    [Column("payer_id")] public Guid PayerId { get; set; }
    [Column("payer_code"), NotNull] public string PayerCode { get; set; } = "";
    [Column("payer_tier"), NotNull] public string PayerTier { get; set; } = "";
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("biller_id"), NotNull] public string BillerId { get; set; } = "";
    [Column("params_encrypted")] public byte[] ParamsEncrypted { get; set; } = [];
    [Column("params_masked"), NotNull] public string ParamsMasked { get; set; } = "{}";
    [Column("amount_paise")] public long AmountPaise { get; set; }
    [Column("fee_paise")] public long FeePaise { get; set; }
    [Column("margin_paise")] public long MarginPaise { get; set; }
    [Column("pay_from"), NotNull] public string PayFrom { get; set; } = "";
    [Column("account_id")] public Guid AccountId { get; set; }
    [Column("status"), NotNull] public string Status { get; set; } = "";
    [Column("entry_id")] public Guid EntryId { get; set; }
    [Column("provider"), NotNull] public string Provider { get; set; } = "";
    [Column("biller_ref")] public string? BillerRef { get; set; }
    [Column("failure_reason")] public string? FailureReason { get; set; }
    [Column("fetch_id")] public string? FetchId { get; set; }
    [Column("checks")] public int Checks { get; set; }
    [Column("next_check_at")] public DateTime? NextCheckAt { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("paid_at")] public DateTime? PaidAt { get; set; }
}

/// <summary>A biller saved by a user with its customer parameters (encrypted; masked for display; a keyed hash against duplicates).</summary>
[Table("bill_saved")]
internal sealed class SavedBillerRow
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("biller_id"), NotNull] public string BillerId { get; set; } = "";
    [Column("nickname"), NotNull] public string Nickname { get; set; } = "";
    [Column("params_encrypted")] public byte[] ParamsEncrypted { get; set; } = [];
    [Column("params_masked"), NotNull] public string ParamsMasked { get; set; } = "{}";
    [Column("params_hash"), NotNull] public string ParamsHash { get; set; } = "";
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

/// <summary>A complaint on a payment debited but not credited by the biller: OPEN until staff resolve it, with a refund (a ledger entry) or confirmation that it was credited.</summary>
[Table("bill_complaints")]
internal sealed class ComplaintRow
{
    public const string Open = "OPEN";
    public const string Resolved = "RESOLVED";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("complaint_id"), NotNull] public string ComplaintId { get; set; } = "";
    [Column("payment_row_id")] public Guid PaymentRowId { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("reason"), NotNull] public string Reason { get; set; } = "";
    [Column("status"), NotNull] public string Status { get; set; } = "";
    [Column("outcome")] public string? Outcome { get; set; }
    [Column("note")] public string? Note { get; set; }
    [Column("resolved_by")] public string? ResolvedBy { get; set; }
    [Column("refund_entry_id")] public Guid? RefundEntryId { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("resolved_at")] public DateTime? ResolvedAt { get; set; }
}
