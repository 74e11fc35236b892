using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Identity.Contracts;

/// <summary>
/// The identity module's OTP service for other modules: the same 6-digit CSPRNG codes, keyed hashes,
/// lifetimes, 3-strike blocks, resend cooldowns and daily caps as sign-in. Codes travel through the
/// outbox inside the caller's transaction.
/// </summary>
public interface IOneTimeCodes
{
    /// <summary>Issues a code for <paramref name="requestId"/> over <paramref name="channel"/> (sms or email) to <paramref name="destination"/>.</summary>
    Task IssueAsync(AppDb db, Guid requestId, string purpose, string channel, string destination, Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Sends a fresh code for the same request (the old one stops working); 429 within the cooldown.</summary>
    Task ResendAsync(AppDb db, Guid requestId, string purpose, string channel, string destination, CancellationToken cancellationToken = default);

    /// <summary>Checks a code; the outcome says what happened (wrong, blocked, expired, spent).</summary>
    Task<OtpCheckResult> VerifyAsync(AppDb db, Guid requestId, string purpose, string channel, string code, CancellationToken cancellationToken = default);
}
