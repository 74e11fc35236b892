using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Ledger.Contracts;

/// <summary>What other modules may know of a ledger account.</summary>
public sealed record LedgerAccountInfo(Guid Id, string AccountNumber, string Kind, string Status, Guid? OwnerId, string? OwnerCode, string? BranchCode,
    long BalancePaise, long HeldPaise, long? FloorPaise, long? SingleLimitPaise = null, long? DailyLimitPaise = null)
{
    public long AvailablePaise => BalancePaise - HeldPaise;
}

/// <summary>A new customer or wallet account.</summary>
public sealed record NewAccount(string Kind, Guid OwnerId, string OwnerCode, string? BranchCode, long FloorPaise, int InterestRateBp,
    long? SingleLimitPaise, long? DailyLimitPaise, int? TermMonths = null, DateOnly? MaturesOn = null, Guid? PayoutAccountId = null);

/// <summary>
/// A journal entry to write. Its postings follow from the amounts: <see cref="From"/> is debited the
/// amount, <see cref="To"/> credited it, and the fee (if any) is debited from <see cref="FeePayer"/>
/// (the customer) and credited to fee income; so every entry sums to zero by construction (and is
/// checked). <see cref="CountsTowardLimits"/> applies the payer account's single and daily limits to
/// amount + fee: customer-initiated debits do, the bank's own postings do not.
/// </summary>
public sealed record JournalDraft
{
    public required string EntryType { get; init; }
    public required long AmountPaise { get; init; }
    public long FeePaise { get; init; }
    public required LedgerAccountInfo From { get; init; }
    public required LedgerAccountInfo To { get; init; }
    public LedgerAccountInfo? FeePayer { get; init; }
    public bool CountsTowardLimits { get; init; }
    public string? Description { get; init; }
    /// <summary>Who asked (a user code, <c>system:…</c>).</summary>
    public required string InitiatedBy { get; init; }
    public string? Provider { get; init; }
    public string? ProviderReference { get; init; }
    public ExternalPayee? Payee { get; init; }
}

/// <summary>One credit of a split settlement (<see cref="ILedgerTransaction.SettleSplitAsync"/>): an account and what it receives.</summary>
public sealed record Share(Guid AccountId, long AmountPaise);

/// <summary>One credit of <see cref="ILedgerTransaction.CreditManyAsync"/>.</summary>
public sealed record Credit(LedgerAccountInfo To, long AmountPaise, string Description);

/// <summary>An outside beneficiary (a payout's destination); only the masked number is kept.</summary>
public sealed record ExternalPayee(string Name, string AccountMasked, string Ifsc);

/// <summary>An entry as written: its ids, state, times and the balance each account was left with.</summary>
public sealed record PostedEntry(Guid EntryId, string TransactionId, string Status, DateTime CreatedAt, DateTime? ProcessedAt, IReadOnlyDictionary<Guid, long> BalancesAfter);

/// <summary>An entry as other modules see it.</summary>
public sealed record EntryInfo(Guid EntryId, string TransactionId, string EntryType, string Status, long AmountPaise, string? Description, DateTime CreatedAt,
    DateTime? ProcessedAt, string? FailureReason);

/// <summary>
/// One line of an account's history: what an entry did to this account (<see cref="AmountPaise"/> signed: a credit
/// is positive). A posted entry shows its posting and the balance it left; a pending or failed one, what it
/// would move (no balance).
/// </summary>
public sealed record AccountMovement(string TransactionId, string EntryType, string Status, long AmountPaise, long? BalanceAfterPaise, string? Description,
    DateTime CreatedAt, DateTime? ProcessedAt);

/// <summary>The filters of an account's history: an entry type, and instants from (inclusive) and before (exclusive).</summary>
public sealed record HistoryFilter(string? EntryType, DateTime? FromUtc, DateTime? BeforeUtc);

/// <summary>The writes of one database transaction on the books.</summary>
public interface ILedgerTransaction
{
    AppDb Db { get; }

    /// <summary>Writes a COMPLETED entry with its postings, its audit row and balance updates.</summary>
    Task<PostedEntry> PostAsync(JournalDraft draft);

    /// <summary>
    /// Writes a PENDING entry and holds amount + fee on the payer (an outside party must answer; see
    /// <see cref="SettleAsync"/> and <see cref="VoidAsync"/>). With <paramref name="hold"/> false nothing is
    /// held (money coming in, credited only on confirmation).
    /// </summary>
    Task<PostedEntry> PendAsync(JournalDraft draft, bool hold);

    /// <summary>Writes a PENDING_REVIEW entry holding amount + fee on the payer: fraud detection stopped it for staff review.</summary>
    Task<PostedEntry> HoldForReviewAsync(JournalDraft draft);

    /// <summary>A released PENDING_REVIEW entry that a provider must still carry out becomes PENDING (its hold stays); false when it is not under review.</summary>
    Task<bool> ReleaseToProviderAsync(Guid entryId);

    /// <summary>Posts a released PENDING_REVIEW entry from its hold. Null when it is not under review.</summary>
    Task<PostedEntry?> SettleReviewAsync(Guid entryId);

    /// <summary>Fails a rejected PENDING_REVIEW entry and releases its hold. Null when it is not under review.</summary>
    Task<PostedEntry?> VoidReviewAsync(Guid entryId, string reason);

    /// <summary>Keeps the provider's reference on a PENDING entry (its callback names it).</summary>
    Task AcknowledgeAsync(Guid entryId, string providerReference);

    /// <summary>Posts a PENDING entry (its hold, if any, is consumed). Null when it is no longer pending: an answer is applied once.</summary>
    Task<PostedEntry?> SettleAsync(Guid entryId, string? providerReference);

    /// <summary>
    /// Posts a PENDING entry from its hold with the amount credited across <paramref name="shares"/> instead of to its
    /// destination alone (a recharge: the aggregator, the retailer, the distributor, TDS and the platform's commission).
    /// The shares must be positive, name distinct accounts and sum to the entry's amount; the entry sums to zero. Null
    /// when it is no longer pending: an answer is applied once.
    /// </summary>
    Task<PostedEntry?> SettleSplitAsync(Guid entryId, string? providerReference, IReadOnlyList<Share> shares);

    /// <summary>
    /// Writes a COMPLETED entry debiting <see cref="JournalDraft.From"/> the amount (guarded: active, not below its floor) and
    /// crediting it across <paramref name="shares"/> (a loan's disbursement: the customer, fee income and GST; a repayment: the
    /// loan account, interest and penalty income). The shares must be positive, name distinct accounts other than the payer and
    /// sum to the amount; <see cref="JournalDraft.FeePaise"/> must be 0 (a fee is a share).
    /// </summary>
    Task<PostedEntry> PostSplitAsync(JournalDraft draft, IReadOnlyList<Share> shares);

    /// <summary>Fails a PENDING entry and releases its hold. Null when it is no longer pending.</summary>
    Task<PostedEntry?> VoidAsync(Guid entryId, string reason);

    /// <summary>
    /// Credits each account from one of the bank's accounts (interest, for one): one COMPLETED entry per
    /// account, written in bulk, with one audit row for the batch. Each account must be ACTIVE and appear once.
    /// </summary>
    Task<IReadOnlyList<PostedEntry>> CreditManyAsync(LedgerAccountInfo from, IReadOnlyList<Credit> credits, string entryType, string initiatedBy);

    /// <summary>
    /// Posts the compensating entry of a COMPLETED entry (every posting negated, the fee refunded), marks the
    /// original REVERSED and links both. Refused (422) when it would overdraw an account or one is not active;
    /// null when the entry is not COMPLETED or was reversed already (at most once).
    /// </summary>
    Task<PostedEntry?> ReverseAsync(Guid entryId, string reason, string initiatedBy);

    /// <summary>
    /// The compensating entry of a COMPLETED entry that an outside party undid (an operator's reversal of a recharge): applied
    /// whatever the accounts' state, like any confirmed provider answer, so a clawed-back commission may leave a wallet
    /// below its floor (owed to the platform). Null when the entry is not COMPLETED or was reversed already.
    /// </summary>
    Task<PostedEntry?> ReverseByProviderAsync(Guid entryId, string reason, string initiatedBy);

    /// <summary>Opens an account with a fresh random, Luhn-checked number.</summary>
    Task<LedgerAccountInfo> OpenAsync(NewAccount account);
}

/// <summary>The one way money moves: the ledger module's contract for every money module.</summary>
public interface ILedger
{
    /// <summary>
    /// Runs <paramref name="work"/> in one database transaction on <paramref name="db"/> (the caller's own rows
    /// written through <see cref="ILedgerTransaction.Db"/> commit with it), retrying it from the start
    /// when the engine reports a deadlock or serialisation failure; ledger.log lines are written after commit.
    /// </summary>
    Task<T> RunAsync<T>(AppDb db, Func<ILedgerTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>The account with this public number, or null.</summary>
    Task<LedgerAccountInfo?> FindAsync(AppDb db, string accountNumber, CancellationToken cancellationToken);

    /// <summary>A system account (<see cref="SystemAccounts"/>).</summary>
    Task<LedgerAccountInfo> SystemAsync(AppDb db, string code, CancellationToken cancellationToken);

    /// <summary>The accounts with these ids (those not found are missing from the answer), in one query.</summary>
    Task<IReadOnlyList<LedgerAccountInfo>> AccountsAsync(AppDb db, IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken);

    /// <summary>
    /// Opens an account inside the caller's own open transaction on <paramref name="db"/> (a wallet made with its user):
    /// the account and its audit row commit or roll back with the caller's rows.
    /// </summary>
    Task<LedgerAccountInfo> OpenWithinAsync(AppDb db, NewAccount account, CancellationToken cancellationToken);

    /// <summary>Moves an account to its owner's new branch, inside the caller's open transaction (staff reach follows the branch).</summary>
    Task MoveBranchWithinAsync(AppDb db, Guid accountId, string? branchCode, CancellationToken cancellationToken);

    /// <summary>An entry by id, or null.</summary>
    Task<EntryInfo?> EntryAsync(AppDb db, Guid entryId, CancellationToken cancellationToken);

    /// <summary>The account's history, newest first: every entry that names it or posted to it, with the filters; and how many there are.</summary>
    Task<(long Count, IReadOnlyList<AccountMovement> Rows)> HistoryAsync(AppDb db, Guid accountId, HistoryFilter filter, int skip, int take, CancellationToken cancellationToken);
}

/// <summary>Money coming into an account through the ledger's funding provider (UPI collect / net banking).</summary>
public interface ILedgerFunding
{
    /// <summary>
    /// Pends a DEPOSIT from funding clearing to <paramref name="to"/> and asks the provider; the entry posts when it
    /// confirms (now or by its callback), fails when it declines, and stays PENDING otherwise. Answers the entry's id.
    /// </summary>
    Task<Guid> CollectAsync(AppDb db, LedgerAccountInfo to, long amountPaise, string? description, string payerCode, CancellationToken cancellationToken);
}

/// <summary>What a staff movement led to: an entry posted now, or a request waiting for a second staff member.</summary>
public sealed record StaffMovementOutcome(Guid? EntryId, string? ApprovalId, string? ApprovalStatus, DateTime? ApprovalExpiresAt);

/// <summary>
/// Staff money movements through maker-checker: a DEPOSIT to or WITHDRAWAL from a customer's account (a wallet's
/// counter-account is the platform's float) posts at once below <c>Ledger:ApprovalThreshold</c>, and is kept for a
/// second staff member's approval at or above it. The account must be in the staff member's reach (else 404).
/// </summary>
public interface IStaffMovements
{
    Task<StaffMovementOutcome> MoveAsync(Identity.Contracts.UserSummary staff, string accountNumber, string entryType, long amountPaise, string reason,
        CancellationToken cancellationToken);
}
