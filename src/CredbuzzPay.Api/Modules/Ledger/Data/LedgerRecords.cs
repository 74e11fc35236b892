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
    /// <summary>A fixed deposit's funding account: where principal and interest go at maturity or closure.</summary>
    [Column("payout_account_id")] public Guid? PayoutAccountId { get; set; }
    [Column("closed_at")] public DateTime? ClosedAt { get; set; }
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
    /// <summary>On a compensating entry: the entry it reverses.</summary>
    [Column("reversal_of")] public Guid? ReversalOf { get; set; }
    /// <summary>On a REVERSED entry: its compensating entry.</summary>
    [Column("reversed_by")] public Guid? ReversedBy { get; set; }
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
    /// <summary>The attempt that holds the claim (null on claims made before the fence).</summary>
    [Column("attempt_id")] public string? AttemptId { get; set; }
    [Column("claimed_at")] public DateTime? ClaimedAt { get; set; }
    /// <summary>Written inside the money transaction: what the attempt carried out, so a retry after a crash can tell.</summary>
    [Column("transaction_id")] public string? TransactionId { get; set; }
    [Column("committed_at")] public DateTime? CommittedAt { get; set; }
}

/// <summary>What an account was debited on one Asia/Kolkata day, for its daily limit.</summary>
[Table("ledger_daily_totals")]
internal sealed class DailyTotal
{
    [PrimaryKey, Column("account_id")] public Guid AccountId { get; set; }
    [PrimaryKey, Column("day"), NotNull] public string Day { get; set; } = "";
    [Column("debited_paise")] public long DebitedPaise { get; set; }
}

/// <summary>
/// One day's interest on one account: the day's closing balance (Asia/Kolkata), the rate that applied and
/// balance × rate in units of 1/<see cref="Books.InterestMath.UnitsPerPaisa"/> of a paisa, so no fraction is lost.
/// It is paid once a posting of its account pays through its day (<see cref="InterestPosting.ThroughDay"/>); never updated.
/// </summary>
[Table("ledger_interest_accruals")]
internal sealed class InterestAccrual
{
    [PrimaryKey, Column("account_id")] public Guid AccountId { get; set; }
    [PrimaryKey, Column("day"), NotNull] public string Day { get; set; } = "";
    [Column("closing_balance_paise")] public long ClosingBalancePaise { get; set; }
    [Column("rate_bp")] public int RateBp { get; set; }
    [Column("units")] public long Units { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

/// <summary>One account's interest for one period: units accrued (with the carried fraction), paisa paid, fraction carried on.</summary>
[Table("ledger_interest_postings")]
internal sealed class InterestPosting
{
    [PrimaryKey, Column("account_id")] public Guid AccountId { get; set; }
    [PrimaryKey, Column("period"), NotNull] public string Period { get; set; } = "";
    [Column("units")] public long Units { get; set; }
    [Column("paid_paise")] public long PaidPaise { get; set; }
    [Column("carry_units")] public long CarryUnits { get; set; }
    /// <summary>The last day (yyyy-MM-dd) whose accrual this posting paid.</summary>
    [Column("through_day"), NotNull] public string ThroughDay { get; set; } = "";
    [Column("entry_id")] public Guid? EntryId { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

/// <summary>An Asia/Kolkata day whose close ran to the end.</summary>
[Table("ledger_interest_runs")]
internal sealed class DayCloseRun
{
    [PrimaryKey, Column("day"), NotNull] public string Day { get; set; } = "";
    [Column("accounts")] public int Accounts { get; set; }
    [Column("completed_at")] public DateTime CompletedAt { get; set; }
}

/// <summary>A staff movement waiting for a second staff member (maker-checker).</summary>
[Table("ledger_approvals")]
internal sealed class ApprovalRequest
{
    public const string Pending = "PENDING_APPROVAL";
    public const string Approved = "APPROVED";
    public const string Rejected = "REJECTED";
    public const string Expired = "EXPIRED";

    /// <summary>A teller movement (DEPOSIT, WITHDRAWAL, FEE, INTEREST, ADJUSTMENT).</summary>
    public const string Movement = "MOVEMENT";
    public const string Reversal = "REVERSAL";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("approval_id"), NotNull] public string ApprovalId { get; set; } = "";
    [Column("action"), NotNull] public string Action { get; set; } = "";
    [Column("status"), NotNull] public string Status { get; set; } = "";
    [Column("account_id")] public Guid AccountId { get; set; }
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("amount_paise")] public long AmountPaise { get; set; }
    [Column("transaction_type")] public string? TransactionType { get; set; }
    /// <summary>An ADJUSTMENT's side: CREDIT (suspense → account) or DEBIT (account → suspense).</summary>
    [Column("direction")] public string? Direction { get; set; }
    [Column("target_entry_id")] public Guid? TargetEntryId { get; set; }
    [Column("reason"), NotNull] public string Reason { get; set; } = "";
    [Column("maker_id")] public Guid MakerId { get; set; }
    [Column("maker_code"), NotNull] public string MakerCode { get; set; } = "";
    [Column("maker_role"), NotNull] public string MakerRole { get; set; } = "";
    [Column("checker_id")] public Guid? CheckerId { get; set; }
    [Column("checker_code")] public string? CheckerCode { get; set; }
    [Column("decision_reason")] public string? DecisionReason { get; set; }
    [Column("entry_id")] public Guid? EntryId { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("expires_at")] public DateTime ExpiresAt { get; set; }
    [Column("decided_at")] public DateTime? DecidedAt { get; set; }
}

/// <summary>The sealed beneficiary of a payout held for fraud review (deleted once the review ends).</summary>
[Table("ledger_held_payouts")]
internal sealed class HeldPayout
{
    [PrimaryKey, Column("entry_id")] public Guid EntryId { get; set; }
    [Column("beneficiary_encrypted"), NotNull] public byte[] BeneficiaryEncrypted { get; set; } = [];
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}
