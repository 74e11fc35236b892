using CredbuzzPay.Api.Platform.Errors;

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

/// <summary>The one translation of a failed code check into the client's answer.</summary>
public static class OtpCheckAnswers
{
    /// <summary>
    /// Returns when the code was verified (or, with <paramref name="spentIsFine"/>, already spent by this
    /// same request); otherwise throws the matching problem: 400 wrong or expired, 429 blocked,
    /// 409 already used, 404 nothing pending (<paramref name="notFound"/>).
    /// </summary>
    public static void EnsureVerified(this OtpCheckResult check, string notFound, bool spentIsFine = false)
    {
        switch (check.Outcome)
        {
            case OtpCheck.Verified:
                return;
            case OtpCheck.AlreadyUsed when spentIsFine:
                return;
            case OtpCheck.AlreadyUsed:
                throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "This code has already been used.");
            case OtpCheck.Incorrect:
                throw ApiProblemException.Validation("otp", $"Incorrect code; {check.AttemptsLeft} attempt(s) left.");
            case OtpCheck.Expired:
                throw ApiProblemException.Validation("otp", "This code has expired; ask for a new one.");
            case OtpCheck.Blocked:
                throw ApiProblemException.TooManyRequests(check.RetryAfter ?? TimeSpan.FromMinutes(15), "Too many wrong codes; this verification is blocked for a while.");
            default:
                throw ApiProblemException.NotFound(notFound);
        }
    }
}
