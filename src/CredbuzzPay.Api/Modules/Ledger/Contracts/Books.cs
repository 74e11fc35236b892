namespace CredbuzzPay.Api.Modules.Ledger.Contracts;

/// <summary>Kinds of ledger account (seed 001's types, the wallet of seed 002, and the bank's own).</summary>
public static class AccountKinds
{
    public const string Savings = "SAVINGS";
    public const string Current = "CURRENT";
    public const string FixedDeposit = "FIXED_DEPOSIT";
    public const string Wallet = "WALLET";
    /// <summary>A loan's principal owed (negative: what the customer owes the bank); it moves only by the loans module's entries.</summary>
    public const string Loan = "LOAN";
    public const string System = "SYSTEM";

    /// <summary>The three-letter prefix of the kind's public account numbers.</summary>
    public static string PrefixOf(string kind) => kind switch
    {
        Savings => "SAV",
        Current => "CUR",
        FixedDeposit => "FD0",
        Wallet => "WAL",
        Loan => "LON",
        System => "SYS",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static readonly string[] Prefixes = ["SAV", "CUR", "FD0", "WAL", "LON", "SYS"];

    /// <summary>Kinds that move only by their own terms (a fixed deposit's maturity, a loan's schedule), never by a customer's or teller's movement.</summary>
    public static bool MovesByItsTerms(string kind) => kind is FixedDeposit or Loan;
}

public static class AccountStatuses
{
    public const string Active = "ACTIVE";
    public const string Frozen = "FROZEN";
    public const string Closed = "CLOSED";
}

/// <summary>Seed 001's transaction types, each one kind of journal entry.</summary>
public static class EntryTypes
{
    public const string Deposit = "DEPOSIT";
    public const string Withdrawal = "WITHDRAWAL";
    public const string Transfer = "TRANSFER";
    public const string Payment = "PAYMENT";
    public const string Fee = "FEE";
    public const string Interest = "INTEREST";
    /// <summary>A staff correction (maker-checker), in or out of a customer's account against suspense.</summary>
    public const string Adjustment = "ADJUSTMENT";
    /// <summary>The compensating entry of a reversed one.</summary>
    public const string Reversal = "REVERSAL";
    /// <summary>A mobile or DTH recharge: the payer's wallet to the aggregator, the operator's commission split among the network (seed 002).</summary>
    public const string Recharge = "RECHARGE";
    /// <summary>A bill paid to a biller (BBPS-like): the payer's amount and platform fee, the biller owed the amount less a retailer's margin.</summary>
    public const string BillPayment = "BILL_PAYMENT";
    /// <summary>A loan's principal paid out: the loan account to the customer's account, the processing fee and its GST to their accounts.</summary>
    public const string LoanDisbursement = "LOAN_DISBURSAL";
    /// <summary>A loan repayment: the customer's account to the loan account (principal), loan interest income and penalty income.</summary>
    public const string LoanRepayment = "LOAN_REPAYMENT";
    /// <summary>A loan's outstanding principal written off to loan losses.</summary>
    public const string LoanWriteOff = "LOAN_WRITE_OFF";

    /// <summary>Entries only the loans module writes and undoes (its schedule follows them).</summary>
    public static bool IsLoan(string entryType) => entryType is LoanDisbursement or LoanRepayment or LoanWriteOff;

    public static readonly string[] Requestable = [Deposit, Withdrawal, Transfer, Payment, Fee, Interest];
}

public static class EntryStatuses
{
    public const string Pending = "PENDING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    /// <summary>A COMPLETED entry undone by a compensating REVERSAL entry (never edited otherwise).</summary>
    public const string Reversed = "REVERSED";
    /// <summary>A customer debit held by fraud detection (its money on hold) until staff release or reject it.</summary>
    public const string PendingReview = "PENDING_REVIEW";
}

/// <summary>
/// The bank's own accounts, made by the ledger migration with fixed ids. With customers' accounts they
/// sum to zero: money that came in through a provider is owed to the customer (their balance) and
/// stands against funding clearing (negative).
/// </summary>
public static class SystemAccounts
{
    public const string FundingClearing = "funding_clearing";
    public const string PayoutClearing = "payout_clearing";
    public const string FeeIncome = "fee_income";
    public const string InterestExpense = "interest_expense";
    public const string Suspense = "suspense";
    /// <summary>Cash in the branches' tills (teller deposits and withdrawals).</summary>
    public const string BranchCash = "branch_cash";
    /// <summary>The platform's float: what staff add to or take from the network's wallets (seed 002's admin funding).</summary>
    public const string WalletFloat = "wallet_float";
    /// <summary>What the platform owes the recharge aggregator for sold recharges (price less the operator's commission).</summary>
    public const string AggregatorSettlement = "aggregator_settlement";
    /// <summary>The platform's share of recharge commissions (and every rounding remainder of a split).</summary>
    public const string CommissionIncome = "commission_income";
    /// <summary>Income tax withheld from commissions (section 194H), owed to the government.</summary>
    public const string TdsPayable = "tds_payable";
    /// <summary>What the platform owes billers (card issuers, utilities) for the bills it collected.</summary>
    public const string BillerSettlement = "biller_settlement";
    /// <summary>Interest earned on loans (booked when the customer pays it).</summary>
    public const string LoanInterestIncome = "loan_interest_income";
    /// <summary>Late-payment penalties collected on loans.</summary>
    public const string LoanPenaltyIncome = "loan_penalty_income";
    /// <summary>GST collected on loan processing fees, owed to the government.</summary>
    public const string GstPayable = "gst_payable";
    /// <summary>Loan principal written off (an expense: the balance is what the bank lost).</summary>
    public const string LoanLosses = "loan_losses";

    /// <summary>Each system account's code and public number (SYS prefix, Luhn-checked like every account number).</summary>
    public static readonly (string Code, string Number)[] All =
    [
        (FundingClearing, "SYS000000018"),
        (PayoutClearing, "SYS000000026"),
        (FeeIncome, "SYS000000034"),
        (InterestExpense, "SYS000000042"),
        (Suspense, "SYS000000059"),
        (BranchCash, "SYS000000067"),
        (WalletFloat, "SYS000000075"),
        (AggregatorSettlement, "SYS000000083"),
        (CommissionIncome, "SYS000000091"),
        (TdsPayable, "SYS000000109"),
        (BillerSettlement, "SYS000000117"),
        (LoanInterestIncome, "SYS000000125"),
        (LoanPenaltyIncome, "SYS000000133"),
        (GstPayable, "SYS000000141"),
        (LoanLosses, "SYS000000158"),
    ];

    /// <summary>
    /// Fee income is credited by almost every entry, which would make its row the one lock all of them
    /// queue on; it is kept as eight shards (fee_income and fee_income_1 … _7), each entry crediting the
    /// shard its payer's account falls in. Fee income is the sum of the eight.
    /// </summary>
    public static readonly (string Code, string Number)[] FeeIncomeShards =
    [
        ("fee_income_1", "SYS000001016"),
        ("fee_income_2", "SYS000001024"),
        ("fee_income_3", "SYS000001032"),
        ("fee_income_4", "SYS000001040"),
        ("fee_income_5", "SYS000001057"),
        ("fee_income_6", "SYS000001065"),
        ("fee_income_7", "SYS000001073"),
    ];

    private static readonly Guid[] FeeIncomeIds = [IdOf(FeeIncome), .. FeeIncomeShards.Select(s => IdOf(s.Code))];

    /// <summary>The fee income shard an entry whose fee <paramref name="payerAccountId"/> pays credits (stable for the account).</summary>
    public static Guid FeeIncomeFor(Guid payerAccountId)
    {
        Span<byte> bytes = stackalloc byte[16];
        payerAccountId.TryWriteBytes(bytes);
        return FeeIncomeIds[bytes[15] % FeeIncomeIds.Length];
    }

    /// <summary>Every account of the bank's own, shards included.</summary>
    public static IEnumerable<Guid> AllIds => All.Concat(FeeIncomeShards).Select(a => IdOf(a.Code));

    public static Guid IdOf(string code) => code switch
    {
        FundingClearing => new("0193a000-0000-7000-8000-000000000001"),
        PayoutClearing => new("0193a000-0000-7000-8000-000000000002"),
        FeeIncome => new("0193a000-0000-7000-8000-000000000003"),
        InterestExpense => new("0193a000-0000-7000-8000-000000000004"),
        Suspense => new("0193a000-0000-7000-8000-000000000005"),
        BranchCash => new("0193a000-0000-7000-8000-000000000006"),
        WalletFloat => new("0193a000-0000-7000-8000-000000000007"),
        AggregatorSettlement => new("0193a000-0000-7000-8000-000000000008"),
        CommissionIncome => new("0193a000-0000-7000-8000-000000000009"),
        TdsPayable => new("0193a000-0000-7000-8000-000000000010"),
        BillerSettlement => new("0193a000-0000-7000-8000-000000000011"),
        LoanInterestIncome => new("0193a000-0000-7000-8000-000000000012"),
        LoanPenaltyIncome => new("0193a000-0000-7000-8000-000000000013"),
        GstPayable => new("0193a000-0000-7000-8000-000000000014"),
        LoanLosses => new("0193a000-0000-7000-8000-000000000015"),
        _ when code.StartsWith("fee_income_", StringComparison.Ordinal) && int.TryParse(code["fee_income_".Length..], out var shard) && shard is >= 1 and <= 7 =>
            new($"0193a000-0000-7000-8000-0000000001{shard:D2}"),
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };
}

/// <summary>The stable <c>code</c>s of the ledger's refusals (problem+json <c>code</c>).</summary>
public static class LedgerRefusals
{
    public const string InsufficientFunds = "insufficient_funds";
    public const string LimitExceeded = "limit_exceeded";
    public const string AccountNotActive = "account_not_active";
    public const string FixedDepositLocked = "fixed_deposit_locked";
    public const string AlreadyReversed = "already_reversed";
}
