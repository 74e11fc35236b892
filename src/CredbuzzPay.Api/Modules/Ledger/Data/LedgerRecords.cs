using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Ledger.Data;

/// <summary>
/// An account in the books. <see cref="BalancePaise"/> changes only through postings; <see cref="HeldPaise"/>
/// is the sum of its active holds. A debit must leave balance − held at or above <see cref="FloorPaise"/>
/// (null for the bank's own accounts, which may go negative).
/// </summary>
[Table("ledger_accounts")]
internal sealed class LedgerAccount
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("account_number"), NotNull] public string AccountNumber { get; set; } = "";
    [Column("kind"), NotNull] public string Kind { get; set; } = "";
    [Column("status"), NotNull] public string Status { get; set; } = "";
    [Column("currency"), NotNull] public string Currency { get; set; } = "INR";
    [Column("owner_id")] public Guid? OwnerId { get; set; }
    [Column("owner_code")] public string? OwnerCode { get; set; }
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("system_code")] public string? SystemCode { get; set; }
    [Column("balance_paise")] public long BalancePaise { get; set; }
    [Column("held_paise")] public long HeldPaise { get; set; }
    [Column("floor_paise")] public long? FloorPaise { get; set; }
    /// <summary>Annual rate in hundredths of a percent (350 = 3.50 %).</summary>
    [Column("interest_rate_bp")] public int InterestRateBp { get; set; }
    [Column("single_limit_paise")] public long? SingleLimitPaise { get; set; }
    [Column("daily_limit_paise")] public long? DailyLimitPaise { get; set; }
    [Column("term_months")] public int? TermMonths { get; set; }
    [Column("matures_on")] public string? MaturesOn { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One money movement (seed 001's transaction). Its postings sum to zero. A PENDING entry has no
/// postings yet (a provider must answer); it becomes COMPLETED with its postings or FAILED without.
/// </summary>
[Table("ledger_entries")]
internal sealed class JournalEntry
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("transaction_id"), NotNull] public string TransactionId { get; set; } = "";
    [Column("entry_type"), NotNull] public string EntryType { get; set; } = "";
    [Column("status"), NotNull] public string Status { get; set; } = "";
    [Column("amount_paise")] public long AmountPaise { get; set; }
    [Column("fee_paise")] public long FeePaise { get; set; }
    [Column("from_account_id")] public Guid? FromAccountId { get; set; }
    [Column("to_account_id")] public Guid? ToAccountId { get; set; }
    [Column("from_owner_id")] public Guid? FromOwnerId { get; set; }
    [Column("to_owner_id")] public Guid? ToOwnerId { get; set; }
    [Column("description")] public string? Description { get; set; }
    [Column("initiated_by"), NotNull] public string InitiatedBy { get; set; } = "";
    [Column("payee_name")] public string? PayeeName { get; set; }
    [Column("payee_account_masked")] public string? PayeeAccountMasked { get; set; }
    [Column("payee_ifsc")] public string? PayeeIfsc { get; set; }
    [Column("provider")] public string? Provider { get; set; }
    [Column("provider_reference")] public string? ProviderReference { get; set; }
    [Column("failure_reason")] public string? FailureReason { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("processed_at")] public DateTime? ProcessedAt { get; set; }
}

/// <summary>One leg of an entry: positive credits the account, negative debits it. Never edited.</summary>
[Table("ledger_postings")]
internal sealed class Posting
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("entry_id")] public Guid EntryId { get; set; }
    [Column("account_id")] public Guid AccountId { get; set; }
    [Column("amount_paise")] public long AmountPaise { get; set; }
    [Column("balance_after_paise")] public long BalanceAfterPaise { get; set; }
    [Column("posted_at")] public DateTime PostedAt { get; set; }
}

/// <summary>Money set aside on an account until an outside party answers; ACTIVE, then POSTED or VOIDED.</summary>
[Table("ledger_holds")]
internal sealed class Hold
{
    public const string Active = "ACTIVE";
    public const string Posted = "POSTED";
    public const string Voided = "VOIDED";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("account_id")] public Guid AccountId { get; set; }
    [Column("entry_id")] public Guid EntryId { get; set; }
    [Column("amount_paise")] public long AmountPaise { get; set; }
    [Column("status"), NotNull] public string Status { get; set; } = "";
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("resolved_at")] public DateTime? ResolvedAt { get; set; }
}

/// <summary>A money POST's <c>Idempotency-Key</c>, per caller: the request it stood for and, once answered, the answer.</summary>
[Table("ledger_idempotency")]
internal sealed class IdempotencyRecord
{
    [PrimaryKey, Column("owner"), NotNull] public string Owner { get; set; } = "";
    [PrimaryKey, Column("idempotency_key"), NotNull] public string Key { get; set; } = "";
    [Column("request_hash"), NotNull] public string RequestHash { get; set; } = "";
    [Column("status_code")] public int? StatusCode { get; set; }
    [Column("content_type")] public string? ContentType { get; set; }
    [Column("location")] public string? Location { get; set; }
    [Column("response_body")] public string? ResponseBody { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("expires_at")] public DateTime ExpiresAt { get; set; }
}

/// <summary>What an account was debited on one Asia/Kolkata day, for its daily limit.</summary>
[Table("ledger_daily_totals")]
internal sealed class DailyTotal
{
    [PrimaryKey, Column("account_id")] public Guid AccountId { get; set; }
    [PrimaryKey, Column("day"), NotNull] public string Day { get; set; } = "";
    [Column("debited_paise")] public long DebitedPaise { get; set; }
}
