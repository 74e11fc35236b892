using System.Security.Claims;
using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Identity.Contracts;

/// <summary>
/// A module whose codes can also be verified and resent through the standalone <c>otp/verify_otp</c>
/// and <c>otp/resend_otp</c> (seed 003 #44, #45): it names its purposes and does the same work as its
/// own endpoints. The request id is the reference the code was issued under; when the caller is
/// signed in, only their own codes are found.
/// </summary>
public interface IOtpPurposeHandler
{
    IReadOnlyList<string> Purposes { get; }

    /// <summary>Verifies the code (problems thrown as the module's own endpoint throws them); answers the message for the client.</summary>
    Task<string> VerifyAsync(AppDb db, Guid requestId, string purpose, string? channel, string otp, ClaimsPrincipal caller, CancellationToken cancellationToken);

    /// <summary>Sends a new code (cooldown and caps as always); answers the message for the client.</summary>
    Task<string> ResendAsync(AppDb db, Guid requestId, string purpose, string? channel, ClaimsPrincipal caller, CancellationToken cancellationToken);
}
