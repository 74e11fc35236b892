using System.ComponentModel.DataAnnotations;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Ledger;

/// <summary>Settings of section <c>Ledger</c>: products, fees, idempotency and the provider sandbox (docs/ledger.md).</summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";

    /// <summary>Per account type (SAVINGS, CURRENT, FIXED_DEPOSIT): floor, rate and limits.</summary>
    public Dictionary<string, AccountProduct> Products { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [AccountKinds.Savings] = new() { InterestRate = "3.50" },
        [AccountKinds.Current] = new() { InterestRate = "0.00" },
        [AccountKinds.FixedDeposit] = new() { InterestRate = "6.50" },
    };

    /// <summary>Fixed deposit rates by term: the first row whose <c>UpToMonths</c> covers the term applies.</summary>
    public List<TermRate> FixedDepositRates { get; set; } = [];

    /// <summary>Per transaction type (TRANSFER, WITHDRAWAL, PAYMENT, DEPOSIT): flat and/or percent, with a minimum and a maximum.</summary>
    public Dictionary<string, FeeRule> Fees { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [EntryTypes.Transfer] = new() { Flat = "1.00" },
    };

    /// <summary>How long an <c>Idempotency-Key</c>'s answer is kept.</summary>
    [Range(1, 24 * 30)]
    public int IdempotencyHours { get; set; } = 24;

    /// <summary>
    /// Seconds an unanswered <c>Idempotency-Key</c> claim is taken to be still running. Past it, a retry learns that the first attempt's money
    /// transaction committed (409 <c>idempotency_committed</c>) or takes the claim over; a takeover fences the first attempt out.
    /// </summary>
    [Range(1, 3600)]
    public int IdempotencyLeaseSeconds { get; set; } = 120;

    /// <summary>
    /// Ledger transactions of this node running at once on PostgreSQL/MySQL (SQLite: always one). Every entry
    /// passes the audit chain's head and many touch the same busy accounts; a few at a time in the database,
    /// the rest waiting their turn in the process, finish more per second than all of them queueing on row
    /// locks (docs/benchmarks.md has the measurements).
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentTransactions { get; set; } = 6;

    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary>When savings and current accounts are paid their accrued interest: MONTHLY or QUARTERLY (fixed deposits: always quarterly, compounding).</summary>
    [RegularExpression("^(MONTHLY|QUARTERLY)$", ErrorMessage = "Ledger:InterestPosting must be MONTHLY or QUARTERLY.")]
    public string InterestPosting { get; set; } = "MONTHLY";

    /// <summary>Percentage points taken off the rate of the term actually held when a fixed deposit is closed before maturity.</summary>
    public string FixedDepositPenaltyRate { get; set; } = "1.00";

    /// <summary>A staff movement of at least this amount waits for a second staff member (maker-checker); reversals and adjustments always do.</summary>
    public string ApprovalThreshold { get; set; } = "50000.00";

    /// <summary>Hours an approval request stays open before it expires.</summary>
    [Range(1, 24 * 30)]
    public int ApprovalHours { get; set; } = 72;

    /// <summary>Hours a debit held by fraud detection waits for staff before it is rejected.</summary>
    [Range(1, 24 * 30)]
    public int FraudReviewHours { get; set; } = 72;

    /// <summary>Accounts per transaction of the day close (accrual and posting): no lock is ever held on more at once.</summary>
    [Range(10, 20_000)]
    public int DayCloseBatchSize { get; set; } = 2500;

    /// <summary>The most missed days one day close catches up on (it goes on from there at its next run).</summary>
    [Range(1, 3660)]
    public int DayCloseCatchUpDays { get; set; } = 400;
}

/// <summary>One account type's terms; amounts are decimal strings ("50000.00").</summary>
public sealed class AccountProduct
{
    /// <summary>The lowest minimum balance a customer may ask for (and the default).</summary>
    public string MinimumBalance { get; set; } = "0.00";

    /// <summary>Annual interest rate in percent ("3.50").</summary>
    public string InterestRate { get; set; } = "0.00";

    public string SingleTransactionLimit { get; set; } = "10000.00";

    public string DailyTransactionLimit { get; set; } = "50000.00";
}

public sealed class TermRate
{
    [Range(1, 600)]
    public int UpToMonths { get; set; }

    public string Rate { get; set; } = "0.00";
}

/// <summary>fee = flat + amount × percent / 100, rounded half up to the paisa, then kept within [minimum, maximum] (maximum "0.00" = none).</summary>
public sealed class FeeRule
{
    public string Flat { get; set; } = "0.00";

    /// <summary>Percent of the amount, at most two decimals ("0.50" = half a percent).</summary>
    public string Percent { get; set; } = "0.00";

    public string Minimum { get; set; } = "0.00";

    public string Maximum { get; set; } = "0.00";
}

public sealed class SandboxOptions
{
    /// <summary>Every sandbox payout waits for its callback (to rehearse a slow bank); otherwise only amounts ending in .92 do.</summary>
    public bool PayoutsPending { get; set; }

    /// <summary>The HMAC-SHA256 key the sandbox signs its callbacks with; empty turns the callback endpoint off (404).</summary>
    public string CallbackSecret { get; set; } = "";
}

/// <summary>Every amount, rate and percent of the section parses, and the three products exist; each bad one named.</summary>
internal sealed class LedgerOptionsValidation : IValidateOptions<LedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        var errors = new List<string>();
        foreach (var kind in new[] { AccountKinds.Savings, AccountKinds.Current, AccountKinds.FixedDeposit })
        {
            if (!options.Products.TryGetValue(kind, out var product))
            {
                errors.Add($"Ledger:Products:{kind} is missing.");
                continue;
            }
            Amount(errors, $"Products:{kind}:MinimumBalance", product.MinimumBalance);
            Amount(errors, $"Products:{kind}:InterestRate", product.InterestRate);
            Amount(errors, $"Products:{kind}:SingleTransactionLimit", product.SingleTransactionLimit);
            Amount(errors, $"Products:{kind}:DailyTransactionLimit", product.DailyTransactionLimit);
        }
        foreach (var (type, fee) in options.Fees)
        {
            if (!EntryTypes.Requestable.Contains(type.ToUpperInvariant()))
            {
                errors.Add($"Ledger:Fees:{type} is not a transaction type.");
            }
            Amount(errors, $"Fees:{type}:Flat", fee.Flat);
            Amount(errors, $"Fees:{type}:Percent", fee.Percent);
            Amount(errors, $"Fees:{type}:Minimum", fee.Minimum);
            Amount(errors, $"Fees:{type}:Maximum", fee.Maximum);
        }
        for (var i = 0; i < options.FixedDepositRates.Count; i++)
        {
            Amount(errors, $"FixedDepositRates:{i}:Rate", options.FixedDepositRates[i].Rate);
        }
        Amount(errors, "FixedDepositPenaltyRate", options.FixedDepositPenaltyRate);
        Amount(errors, "ApprovalThreshold", options.ApprovalThreshold);
        if (options.Sandbox.CallbackSecret.Length is > 0 and < 32)
        {
            errors.Add("Ledger:Sandbox:CallbackSecret must be at least 32 characters (or empty to turn callbacks off).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Amount(List<string> errors, string key, string? value)
    {
        if (Money.ParseText(value) is null)
        {
            errors.Add($"Ledger:{key} must be a decimal number with at most two decimals (\"10.00\").");
        }
    }
}
