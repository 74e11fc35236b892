using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Modules.BillPay;

/// <summary>Settings of section <c>BillPay</c> (docs/bill-payments.md).</summary>
public sealed class BillPayOptions
{
    public const string Section = "BillPay";

    /// <summary>Minutes a fetched bill may be paid against.</summary>
    [Range(1, 24 * 60)]
    public int FetchValidMinutes { get; set; } = 30;

    /// <summary>Seconds to wait for the provider's answer before leaving a payment PENDING for the status check.</summary>
    [Range(1, 120)]
    public int ReplyTimeoutSeconds { get; set; } = 15;

    /// <summary>The first status check of a pending payment, seconds after it was made; each next one waits twice as long, at most <see cref="MaxCheckSeconds"/>.</summary>
    [Range(1, 3600)]
    public int FirstCheckSeconds { get; set; } = 30;

    [Range(1, 86_400)]
    public int MaxCheckSeconds { get; set; } = 3600;

    /// <summary>Pending payments one reconciliation run checks at most.</summary>
    [Range(1, 10_000)]
    public int ReconcileBatchSize { get; set; } = 200;

    /// <summary>The sandbox provider: its answer time, and how many status checks a slow payment answers pending first.</summary>
    [Range(0, 60_000)]
    public int SandboxLatencyMilliseconds { get; set; }

    [Range(0, 100)]
    public int SandboxPendingChecks { get; set; } = 1;

    public TimeSpan ReplyTimeout => TimeSpan.FromSeconds(ReplyTimeoutSeconds);

    /// <summary>When a pending payment is checked next after <paramref name="checks"/> checks.</summary>
    public DateTime NextCheck(DateTime now, int checks) => Platform.Jobs.Backoff.Next(now, checks, FirstCheckSeconds, MaxCheckSeconds);
}
