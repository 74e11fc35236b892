using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Privacy.Contracts;

/// <summary>The privacy module's contract for sign-in: whether a user still has to accept the current privacy notice.</summary>
public interface IPrivacyNotices
{
    /// <summary>True when a notice version newer than the last one the user accepted is in force (or they never accepted one).</summary>
    Task<bool> AcceptanceRequiredAsync(AppDb db, Guid userId, CancellationToken cancellationToken);

    /// <summary>The version of the notice in force.</summary>
    Task<int> CurrentVersionAsync(AppDb db, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the person accepted notice <paramref name="version"/> (the required purposes granted) and, when given, their marketing choice,
    /// with the time, address and user agent of the acceptance; inside the caller's transaction (registration writes it with the new user).
    /// </summary>
    Task RecordAcceptanceAsync(AppDb db, Guid userId, int version, bool? marketing, string? ipAddress, string? userAgent, DateTime at, CancellationToken cancellationToken);
}

/// <summary>The purposes personal data is processed for (DPDP Act s. 5-6). Marketing alone is optional and off until granted.</summary>
public static class Purposes
{
    public const string Account = "account";
    public const string KycVerification = "kyc_verification";
    public const string Payments = "payments";
    public const string Marketing = "marketing";

    public static readonly string[] Required = [Account, KycVerification, Payments];
    public static readonly string[] All = [Account, KycVerification, Payments, Marketing];
}
