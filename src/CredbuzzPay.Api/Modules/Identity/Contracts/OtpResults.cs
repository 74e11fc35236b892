namespace CredbuzzPay.Api.Modules.Identity.Contracts;

/// <summary>How a code check ended.</summary>
public enum OtpCheck
{
    Verified,
    Incorrect,
    Blocked,
    Expired,
    NotFound,
    AlreadyUsed,
}

/// <summary>The answer to a code check; <see cref="AttemptsLeft"/> after a wrong code, <see cref="RetryAfter"/> while blocked.</summary>
public sealed record OtpCheckResult(OtpCheck Outcome, int AttemptsLeft = 0, TimeSpan? RetryAfter = null);
