using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Loans.Data;

/// <summary>A loan product: the ranges a customer applies within, its rate (reducing balance), fee, prepayment rule, penalty and grace.</summary>
[Table("loan_products")]
internal sealed class ProductRow
{
    public const string Flat = "FLAT";
    public const string Percentage = "PERCENTAGE";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("product_id"), NotNull] public string ProductId { get; set; } = "";
    [Column("name"), NotNull] public string Name { get; set; } = "";
    [Column("min_principal_paise")] public long MinPrincipalPaise { get; set; }
    [Column("max_principal_paise")] public long MaxPrincipalPaise { get; set; }
    [Column("min_term_months")] public int MinTermMonths { get; set; }
    [Column("max_term_months")] public int MaxTermMonths { get; set; }
    /// <summary>The annual rate in hundredths of a percent (12.00 % is 1200).</summary>
    [Column("rate_bp")] public int RateBp { get; set; }
    [Column("fee_type"), NotNull] public string FeeType { get; set; } = Flat;
    /// <summary>Paise for a flat fee; hundredths of a percent of the principal for a percentage.</summary>
    [Column("fee_value")] public long FeeValue { get; set; }
    /// <summary>Months from disbursement before any prepayment or foreclosure.</summary>
    [Column("prepayment_lock_in_months")] public int PrepaymentLockInMonths { get; set; }
    /// <summary>The most one prepayment may take off the outstanding principal, in percent (100: no limit; 0: none allowed).</summary>
    [Column("prepayment_max_percent")] public int PrepaymentMaxPercent { get; set; }
    /// <summary>Charged once per overdue instalment per 30-day period after its grace.</summary>
    [Column("penalty_paise")] public long PenaltyPaise { get; set; }
    [Column("grace_days")] public int GraceDays { get; set; }
    [Column("active")] public bool Active { get; set; }
    [Column("created_by"), NotNull] public string CreatedBy { get; set; } = "";
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A customer's application with its quote. SUBMITTED → RECOMMENDED (a first staff member approved: the maker) → APPROVED (a second
/// one: the checker) → DISBURSED; or REJECTED.
/// </summary>
[Table("loan_applications")]
internal sealed class ApplicationRow
{
    public const string Submitted = "SUBMITTED";
    public const string Recommended = "RECOMMENDED";
    public const string Approved = "APPROVED";
    public const string Rejected = "REJECTED";
    public const string Disbursed = "DISBURSED";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("application_id"), NotNull] public string ApplicationId { get; set; } = "";
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("user_code"), NotNull] public string UserCode { get; set; } = "";
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("product_id")] public Guid ProductId { get; set; }
    [Column("principal_paise")] public long PrincipalPaise { get; set; }
    [Column("term_months")] public int TermMonths { get; set; }
    [Column("rate_bp")] public int RateBp { get; set; }
    [Column("emi_paise")] public long EmiPaise { get; set; }
    [Column("fee_paise")] public long FeePaise { get; set; }
    [Column("gst_paise")] public long GstPaise { get; set; }
    [Column("purpose"), NotNull] public string Purpose { get; set; } = "";
    [Column("account_id")] public Guid AccountId { get; set; }
    [Column("account_number"), NotNull] public string AccountNumber { get; set; } = "";
    [Column("status"), NotNull] public string Status { get; set; } = Submitted;
    [Column("maker_id")] public Guid? MakerId { get; set; }
    [Column("maker_code")] public string? MakerCode { get; set; }
    [Column("maker_role")] public string? MakerRole { get; set; }
    [Column("recommended_at")] public DateTime? RecommendedAt { get; set; }
    [Column("checker_code")] public string? CheckerCode { get; set; }
    [Column("decided_at")] public DateTime? DecidedAt { get; set; }
    [Column("decision_reason")] public string? DecisionReason { get; set; }
    [Column("loan_id")] public Guid? LoanId { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

/// <summary>A disbursed loan: its LOAN ledger account (balance: minus the outstanding principal), the account it is repaid from, and its terms.</summary>
[Table("loans")]
internal sealed class LoanRow
{
    public const string Active = "ACTIVE";
    public const string Closed = "CLOSED";
    public const string WrittenOff = "WRITTEN_OFF";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("loan_id"), NotNull] public string LoanId { get; set; } = "";
    [Column("application_id")] public Guid ApplicationId { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("user_code"), NotNull] public string UserCode { get; set; } = "";
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("product_id")] public Guid ProductId { get; set; }
    [Column("account_id")] public Guid AccountId { get; set; }
    [Column("account_number"), NotNull] public string AccountNumber { get; set; } = "";
    [Column("repayment_account_id")] public Guid RepaymentAccountId { get; set; }
    [Column("repayment_account_number"), NotNull] public string RepaymentAccountNumber { get; set; } = "";
    [Column("principal_paise")] public long PrincipalPaise { get; set; }
    [Column("rate_bp")] public int RateBp { get; set; }
    [Column("term_months")] public int TermMonths { get; set; }
    [Column("emi_paise")] public long EmiPaise { get; set; }
    [Column("fee_paise")] public long FeePaise { get; set; }
    [Column("gst_paise")] public long GstPaise { get; set; }
    [Column("status"), NotNull] public string Status { get; set; } = Active;
    [Column("disbursed_on"), NotNull] public string DisbursedOn { get; set; } = "";
    /// <summary>The banking day of the last auto-debit attempt that failed (one attempt a day).</summary>
    [Column("last_attempt_on")] public string? LastAttemptOn { get; set; }
    [Column("written_off_paise")] public long WrittenOffPaise { get; set; }
    /// <summary>Bumped first by every change: the row lock that serialises a loan's repayments, job runs and staff actions.</summary>
    [Column("version")] public long Version { get; set; }
    [Column("entry_id")] public Guid EntryId { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("closed_at")] public DateTime? ClosedAt { get; set; }
}

/// <summary>
/// One instalment: what it asks (principal, interest, penalties charged) and what was paid. OPEN until paid in full (PAID); replaced
/// by a new schedule (SUPERSEDED: a prepayment's or a rescheduling's re-amortisation, a foreclosure, a write-off).
/// </summary>
[Table("loan_instalments")]
internal sealed class InstalmentRow
{
    public const string Open = "OPEN";
    public const string Paid = "PAID";
    public const string Superseded = "SUPERSEDED";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("loan_id")] public Guid LoanId { get; set; }
    [Column("number")] public int Number { get; set; }
    [Column("due_on"), NotNull] public string DueOn { get; set; } = "";
    [Column("principal_paise")] public long PrincipalPaise { get; set; }
    [Column("interest_paise")] public long InterestPaise { get; set; }
    [Column("penalty_paise")] public long PenaltyPaise { get; set; }
    [Column("principal_paid_paise")] public long PrincipalPaidPaise { get; set; }
    [Column("interest_paid_paise")] public long InterestPaidPaise { get; set; }
    [Column("penalty_paid_paise")] public long PenaltyPaidPaise { get; set; }
    [Column("penalties_charged")] public int PenaltiesCharged { get; set; }
    [Column("state"), NotNull] public string State { get; set; } = Open;
    [Column("paid_on")] public string? PaidOn { get; set; }

    public long PrincipalLeft => PrincipalPaise - PrincipalPaidPaise;
    public long InterestLeft => InterestPaise - InterestPaidPaise;
    public long PenaltyLeft => PenaltyPaise - PenaltyPaidPaise;
    public long Left => PrincipalLeft + InterestLeft + PenaltyLeft;
}

/// <summary>One repayment and how it was allocated (penalties, interest, principal due, then principal prepaid), with its journal entry.</summary>
[Table("loan_repayments")]
internal sealed class RepaymentRow
{
    public const string Auto = "AUTO_DEBIT";
    public const string Manual = "MANUAL";
    public const string Foreclosure = "FORECLOSURE";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("loan_id")] public Guid LoanId { get; set; }
    [Column("kind"), NotNull] public string Kind { get; set; } = Manual;
    [Column("amount_paise")] public long AmountPaise { get; set; }
    [Column("penalty_paise")] public long PenaltyPaise { get; set; }
    [Column("interest_paise")] public long InterestPaise { get; set; }
    [Column("principal_paise")] public long PrincipalPaise { get; set; }
    [Column("prepaid_paise")] public long PrepaidPaise { get; set; }
    [Column("entry_id")] public Guid EntryId { get; set; }
    [Column("transaction_id"), NotNull] public string TransactionId { get; set; } = "";
    [Column("paid_by"), NotNull] public string PaidBy { get; set; } = "";
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

/// <summary>A staff request on a loan kept for a second staff member (maker-checker): a rescheduling or a write-off.</summary>
[Table("loan_requests")]
internal sealed class LoanRequestRow
{
    public const string Reschedule = "RESCHEDULE";
    public const string WriteOff = "WRITE_OFF";
    public const string Pending = "PENDING";
    public const string Approved = "APPROVED";
    public const string Rejected = "REJECTED";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("request_id"), NotNull] public string RequestId { get; set; } = "";
    [Column("loan_id")] public Guid LoanId { get; set; }
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("action"), NotNull] public string Action { get; set; } = "";
    [Column("term_months")] public int? TermMonths { get; set; }
    /// <summary>The outstanding principal when asked (what the second approval threshold is measured on).</summary>
    [Column("amount_paise")] public long AmountPaise { get; set; }
    [Column("reason"), NotNull] public string Reason { get; set; } = "";
    [Column("status"), NotNull] public string Status { get; set; } = Pending;
    [Column("maker_id")] public Guid MakerId { get; set; }
    [Column("maker_code"), NotNull] public string MakerCode { get; set; } = "";
    [Column("maker_role"), NotNull] public string MakerRole { get; set; } = "";
    [Column("checker_code")] public string? CheckerCode { get; set; }
    [Column("decision_reason")] public string? DecisionReason { get; set; }
    [Column("entry_id")] public Guid? EntryId { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("decided_at")] public DateTime? DecidedAt { get; set; }
}
