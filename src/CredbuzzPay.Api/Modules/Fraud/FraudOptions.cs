using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Modules.Fraud;

/// <summary>Settings of section <c>Fraud</c>: each rule's thresholds and points, and the score that holds a debit for review (docs/ledger.md).</summary>
public sealed class FraudOptions
{
    public const string Section = "Fraud";

    /// <summary>A debit whose combined score reaches this is held (PENDING_REVIEW) until staff release or reject it.</summary>
    [Range(1, 101)]
    public int HoldScore { get; set; } = 70;

    /// <summary>Percent of the security module's risk score (0-100) added to the rules' points.</summary>
    [Range(0, 100)]
    public int SecurityRiskPercent { get; set; } = 25;

    /// <summary>Hours a held debit waits for review before the job rejects it.</summary>
    [Range(1, 24 * 30)]
    public int ReviewHours { get; set; } = 72;

    /// <summary>SUSPICIOUS_TRANSACTION: at least <c>Multiple</c> × the customer's average debit over <c>Days</c>, and at least <c>Minimum</c> (with at least <c>History</c> earlier debits to compare with).</summary>
    public PatternRule Pattern { get; set; } = new();

    /// <summary>VELOCITY: at least <c>Count</c> debits (this one included) within <c>Minutes</c>.</summary>
    public CountRule Velocity { get; set; } = new() { Count = 5, Minutes = 10, Points = 30 };

    /// <summary>NEW_DEVICE_LARGE_TRANSFER: a debit of at least <c>Amount</c> within <c>Hours</c> of a sign-in from a new device.</summary>
    public WindowRule NewDevice { get; set; } = new() { Amount = "5000.00", Hours = 24, Points = 35 };

    /// <summary>MANY_NEW_PAYEES: at least <c>Count</c> first-time destinations (this one included) within <c>Minutes</c>.</summary>
    public CountRule NewPayees { get; set; } = new() { Count = 3, Minutes = 24 * 60, Points = 25 };

    /// <summary>AFTER_CREDENTIAL_CHANGE: a debit within <c>Hours</c> of a password reset or change, or a change of contact details.</summary>
    public WindowRule CredentialChange { get; set; } = new() { Amount = "0.01", Hours = 24, Points = 35 };

    /// <summary>ROUND_AMOUNTS: at least <c>Count</c> debits (this one included) that are whole multiples of <c>Unit</c>, within <c>Minutes</c>.</summary>
    public RoundRule RoundAmounts { get; set; } = new();
}

public sealed class PatternRule
{
    [Range(2, 1000)]
    public int Multiple { get; set; } = 5;

    public string Minimum { get; set; } = "10000.00";

    [Range(1, 365)]
    public int Days { get; set; } = 30;

    [Range(1, 1000)]
    public int History { get; set; } = 3;

    [Range(0, 100)]
    public int Points { get; set; } = 40;
}

public sealed class CountRule
{
    [Range(2, 1000)]
    public int Count { get; set; }

    [Range(1, 60 * 24 * 30)]
    public int Minutes { get; set; }

    [Range(0, 100)]
    public int Points { get; set; }
}

public sealed class WindowRule
{
    public string Amount { get; set; } = "0.01";

    [Range(1, 24 * 30)]
    public int Hours { get; set; }

    [Range(0, 100)]
    public int Points { get; set; }
}

public sealed class RoundRule
{
    public string Unit { get; set; } = "1000.00";

    [Range(2, 1000)]
    public int Count { get; set; } = 3;

    [Range(1, 60 * 24)]
    public int Minutes { get; set; } = 60;

    [Range(0, 100)]
    public int Points { get; set; } = 15;
}
