using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>Settings of section <c>Jobs</c>.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the scheduler on this node. Every node may; on PostgreSQL and MySQL they form a cluster.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The cluster's name; every node of one deployment uses the same.</summary>
    [Required]
    public string SchedulerName { get; set; } = "credbuzzpay";

    /// <summary>This node's id in the cluster; <c>AUTO</c> derives a unique one from the host name and time.</summary>
    [Required]
    public string InstanceId { get; set; } = "AUTO";

    /// <summary>Cron expression (Quartz syntax, UTC) of the cleanup of expired records.</summary>
    [Required]
    public string CleanupCron { get; set; } = "0 7 * * * ?";

    /// <summary>Cron expression (Quartz syntax, Asia/Kolkata time) of the day close: interest accrual and posting, maturities.</summary>
    [Required]
    public string DayCloseCron { get; set; } = "0 15 0 * * ?";

    /// <summary>Seconds between two reconciliation runs (pending purchases asked of the aggregator's status API when due).</summary>
    [Range(1, 86_400)]
    public int ReconcileSeconds { get; set; } = 30;

    /// <summary>Seconds after which a silent cluster member's jobs are taken over.</summary>
    [Range(5, 600)]
    public int ClusterCheckinSeconds { get; set; } = 15;
}
