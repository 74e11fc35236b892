using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Security.Contracts;

/// <summary>Signal kinds other modules report as they happen.</summary>
public static class SignalKinds
{
    public const string LoginFailed = "login_failed";
    public const string LoginSucceeded = "login_succeeded";
    public const string OtpBlocked = "otp_blocked";
    public const string RegistrationStarted = "registration_started";
    public const string AccessDenied = "access_denied";
}

/// <summary>A signal: what happened, from which address, to whom (user, or a masked identifier when unknown).</summary>
public sealed record SecuritySignal(string Kind, string? IpAddress, Guid? UserId = null, string? UserCode = null, string? BranchCode = null, string? Subject = null);

/// <summary>
/// The security module's intake: modules report signals as requests happen; detection runs at once
/// (alerts, automatic IP blocks). Call it after your own transaction has committed (not inside it),
/// so a refusal's rollback does not take the signal with it.
/// </summary>
public interface ISecuritySignals
{
    Task ReportAsync(AppDb db, SecuritySignal signal, CancellationToken cancellationToken = default);
}

/// <summary>Risk scores (0-100) computed from a user's recent signals.</summary>
public interface IRiskScores
{
    Task<int> ScoreAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default);
}

/// <summary>What the security module saw of a user's sign-ins.</summary>
public interface ISignInHistory
{
    /// <summary>The latest sign-in from a device or address not seen before, at or after <paramref name="since"/>; null when none.</summary>
    Task<DateTime?> LastNewDeviceSignInAsync(AppDb db, Guid userId, DateTime since, CancellationToken cancellationToken = default);
}
