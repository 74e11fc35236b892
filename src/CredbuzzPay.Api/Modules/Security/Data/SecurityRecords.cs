using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Security.Data;

/// <summary>One security signal (failed sign-in, OTP block...), counted by the detection rules.</summary>
[Table("security_events")]
internal sealed class SecurityEvent
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("kind"), NotNull] public string Kind { get; set; } = "";
    [Column("ip_address")] public string? IpAddress { get; set; }
    [Column("user_id")] public Guid? UserId { get; set; }
    [Column("user_code")] public string? UserCode { get; set; }

    /// <summary>What the signal was about when there is no user: a masked identifier.</summary>
    [Column("subject")] public string? Subject { get; set; }

    [Column("occurred_at")] public DateTime OccurredAt { get; set; }
}

[Table("security_alerts")]
internal sealed class SecurityAlert
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("kind"), NotNull] public string Kind { get; set; } = "";
    [Column("severity"), NotNull] public string Severity { get; set; } = "";
    [Column("status"), NotNull] public string Status { get; set; } = AlertStatuses.Open;
    [Column("ip_address")] public string? IpAddress { get; set; }
    [Column("user_code")] public string? UserCode { get; set; }
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("message"), NotNull] public string Message { get; set; } = "";
    [Column("assignee")] public string? Assignee { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
    [Column("resolved_at")] public DateTime? ResolvedAt { get; set; }
}

[Table("ip_blocklist")]
internal sealed class BlockedIp
{
    [PrimaryKey, Column("ip_address"), NotNull] public string IpAddress { get; set; } = "";
    [Column("reason"), NotNull] public string Reason { get; set; } = "";
    [Column("blocked_until")] public DateTime? BlockedUntil { get; set; }
    [Column("created_by"), NotNull] public string CreatedBy { get; set; } = "";
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

internal static class AlertStatuses
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
}

internal static class Severities
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";
    public const string Critical = "critical";

    public static readonly string[] All = [Low, Medium, High, Critical];
}

/// <summary>A user's security settings; without a row: SMS second factor, no allow-list, new-device alerts on.</summary>
[Table("security_settings")]
internal sealed class SecuritySettingsRecord
{
    [PrimaryKey, Column("user_id")] public Guid UserId { get; set; }
    [Column("two_factor_channel"), NotNull] public string TwoFactorChannel { get; set; } = "sms";

    /// <summary>Comma-separated addresses or CIDR networks staff may sign in from (empty: anywhere).</summary>
    [Column("ip_allow_list")] public string? IpAllowList { get; set; }

    [Column("new_device_alerts")] public bool NewDeviceAlerts { get; set; } = true;
    [Column("updated_by")] public string? UpdatedBy { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
}
