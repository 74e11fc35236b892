using System.ComponentModel.DataAnnotations;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Contracts;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Recharge;

/// <summary>Settings of section <c>Recharge</c> (docs/wallets-and-recharge.md).</summary>
public sealed class RechargeOptions
{
    public const string Section = "Recharge";

    /// <summary>The operator's commission per operator code, a percent of the price with two decimals: what the platform and its network earn on a sale.</summary>
    public Dictionary<string, string> OperatorCommission { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AIRTEL"] = "3.00", ["JIO"] = "3.50", ["VI"] = "3.50", ["BSNL"] = "4.00",
        ["TATAPLAY"] = "4.00", ["AIRTELDTH"] = "4.00", ["DISHTV"] = "4.50", ["SUNDIRECT"] = "4.50",
    };

    /// <summary>Income tax withheld from commission payouts (section 194H), a percent with two decimals.</summary>
    [Required]
    public string TdsPercent { get; set; } = "2.00";

    /// <summary>Seconds to wait for the aggregator's reply before leaving the purchase PENDING for its callback or a status check.</summary>
    [Range(1, 120)]
    public int ReplyTimeoutSeconds { get; set; } = 15;

    /// <summary>The first status check of a pending purchase comes this many seconds after it was made; each next one waits twice as long.</summary>
    [Range(1, 3600)]
    public int FirstCheckSeconds { get; set; } = 30;

    /// <summary>The longest wait between two status checks.</summary>
    [Range(1, 86_400)]
    public int MaxCheckSeconds { get; set; } = 3600;

    /// <summary>Purchases pending longer than this many minutes appear in staff's queue (GET admin/purchases/pending).</summary>
    [Range(1, 7 * 24 * 60)]
    public int StaffQueueMinutes { get; set; } = 30;

    /// <summary>Pending purchases one reconciliation run checks at most.</summary>
    [Range(1, 10_000)]
    public int ReconcileBatchSize { get; set; } = 200;

    public AggregatorSandboxOptions Sandbox { get; set; } = new();

    /// <summary>The commission of an operator in hundredths of a percent.</summary>
    public int CommissionBp(string operatorCode) => (int)(Money.ParseText(OperatorCommission.GetValueOrDefault(operatorCode)) ?? 0);

    public int TdsBp => (int)(Money.ParseText(TdsPercent) ?? 0);
}

/// <summary>The aggregator sandbox (docs/wallets-and-recharge.md lists what each number does).</summary>
public sealed class AggregatorSandboxOptions
{
    /// <summary>Milliseconds the sandbox takes to answer a recharge or a status check.</summary>
    [Range(0, 60_000)]
    public int LatencyMilliseconds { get; set; }

    /// <summary>
    /// The key of the aggregator's callbacks (HMAC-SHA256 of the body, hex in <c>X-Aggregator-Signature</c>), at least 32 characters;
    /// empty turns callbacks off (they answer 404). Keep it in configuration or a secret store, never in the repository.
    /// </summary>
    public string CallbackSecret { get; set; } = "";

    /// <summary>Status checks a slow number (ending 02 or 09) answers PENDING before its final answer.</summary>
    [Range(0, 100)]
    public int PendingChecks { get; set; } = 1;
}

internal sealed class RechargeOptionsValidation : IValidateOptions<RechargeOptions>
{
    public ValidateOptionsResult Validate(string? name, RechargeOptions options)
    {
        var errors = new List<string>();
        foreach (var (code, _, _) in Operators.All)
        {
            if (Money.ParseText(options.OperatorCommission.GetValueOrDefault(code)) is not (>= 0 and <= 2000))
            {
                errors.Add($"Recharge:OperatorCommission:{code} must be a percent from 0 to 20 with at most two decimals (\"3.50\").");
            }
        }
        if (Money.ParseText(options.TdsPercent) is not (>= 0 and <= 3000))
        {
            errors.Add("Recharge:TdsPercent must be a percent from 0 to 30 with at most two decimals (\"2.00\").");
        }
        if (options.Sandbox.CallbackSecret.Length is > 0 and < 32)
        {
            errors.Add("Recharge:Sandbox:CallbackSecret must be at least 32 characters (or empty to turn callbacks off).");
        }
        if (options.MaxCheckSeconds < options.FirstCheckSeconds)
        {
            errors.Add("Recharge:MaxCheckSeconds must be at least Recharge:FirstCheckSeconds.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
