using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Identity.Sessions;

/// <summary>A password check passed; the login waits for its SMS code.</summary>
[Table("pending_logins")]
internal sealed class PendingLogin
{
    [PrimaryKey, Column("request_id")] public Guid RequestId { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("platform"), NotNull] public string Platform { get; set; } = Platforms.Web;
    [Column("device")] public string? Device { get; set; }
    [Column("expires_at")] public DateTime ExpiresAt { get; set; }
    [Column("completed_at")] public DateTime? CompletedAt { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

/// <summary>A signed-in device. It lives 7 days from the login at most; revoking it stops its access tokens at once.</summary>
[Table("user_sessions")]
internal sealed class UserSession
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("platform"), NotNull] public string Platform { get; set; } = Platforms.Web;
    [Column("ip_address")] public string? IpAddress { get; set; }
    [Column("user_agent")] public string? UserAgent { get; set; }
    [Column("device")] public string? Device { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("expires_at")] public DateTime ExpiresAt { get; set; }
    [Column("last_seen_at")] public DateTime LastSeenAt { get; set; }
    [Column("revoked_at")] public DateTime? RevokedAt { get; set; }
    [Column("revoked_reason")] public string? RevokedReason { get; set; }
}

/// <summary>One refresh token of a session, stored as its HMAC; used once, then replaced.</summary>
[Table("refresh_tokens")]
internal sealed class RefreshToken
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("session_id")] public Guid SessionId { get; set; }
    [Column("token_hash"), NotNull] public string TokenHash { get; set; } = "";
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("used_at")] public DateTime? UsedAt { get; set; }
}

/// <summary>Every login attempt, good or bad (seed 000 LoginActivity).</summary>
[Table("login_activity")]
internal sealed class LoginActivity
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("user_id")] public Guid? UserId { get; set; }
    [Column("identifier_mask"), NotNull] public string IdentifierMask { get; set; } = "";
    [Column("outcome"), NotNull] public string Outcome { get; set; } = "";
    [Column("ip_address")] public string? IpAddress { get; set; }
    [Column("user_agent")] public string? UserAgent { get; set; }
    [Column("device"), NotNull] public string Device { get; set; } = "";
    [Column("browser"), NotNull] public string Browser { get; set; } = "";
    [Column("os"), NotNull] public string Os { get; set; } = "";
    [Column("session_id")] public Guid? SessionId { get; set; }
    [Column("occurred_at")] public DateTime OccurredAt { get; set; }
}

public static class Platforms
{
    public const string Web = "web";
    public const string MobileApp = "mobile_app";
    public const string AdminPanel = "admin_panel";
    public const string Api = "api";

    public static readonly string[] All = [Web, MobileApp, AdminPanel, Api];
}

internal static class LoginOutcomes
{
    public const string PasswordAccepted = "password_accepted";
    public const string Success = "success";
    public const string BadPassword = "bad_password";
    public const string Locked = "locked";
    public const string UnknownAccount = "unknown_account";
    public const string Inactive = "inactive";
    public const string OtpFailed = "otp_failed";
    public const string PlatformDenied = "platform_denied";
    public const string IpNotAllowed = "ip_not_allowed";
}

/// <summary>
/// Sign-in attempts per UTC hour, user's branch ('' for none or unknown), result (success/failed),
/// device and browser, counted as each attempt is written: the login statistics read these, not the
/// attempts themselves. Second-factor handovers (password accepted) are not attempts here.
/// </summary>
[Table("login_activity_hourly")]
internal sealed class LoginActivityHourly
{
    [PrimaryKey(0), Column("hour")] public DateTime Hour { get; set; }
    [PrimaryKey(1), Column("branch_key"), NotNull] public string BranchKey { get; set; } = "";
    [PrimaryKey(2), Column("result"), NotNull] public string Result { get; set; } = "";
    [PrimaryKey(3), Column("device"), NotNull] public string Device { get; set; } = "";
    [PrimaryKey(4), Column("browser"), NotNull] public string Browser { get; set; } = "";
    [Column("attempts")] public long Attempts { get; set; }
}
