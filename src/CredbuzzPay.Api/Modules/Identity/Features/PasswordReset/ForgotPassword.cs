using CredbuzzPay.Api.Modules.Identity.Contracts;
using System.Diagnostics;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Notifications;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity.Features.PasswordReset;

/// <summary>
/// <c>POST auth/forgot_password</c>: sends a reset code to the email or mobile the caller typed when it
/// belongs to an active account. The answer has the same status, shape and (padded) duration whether
/// or not the account exists, and a daily-cap refusal is swallowed for the same reason.
/// </summary>
internal sealed class ForgotPassword
{
    /// <summary>Every answer takes at least this long, so the work done for a real account does not show.</summary>
    internal static readonly TimeSpan MinimumDuration = TimeSpan.FromMilliseconds(400);
    private readonly AppDb _db;
    private readonly OtpService _otp;
    private readonly TimeProvider _clock;
    private readonly ILogger<ForgotPassword> _logger;

    public ForgotPassword(AppDb db, OtpService otp, TimeProvider clock, ILogger<ForgotPassword> logger)
    {
        _db = db;
        _otp = otp;
        _clock = clock;
        _logger = logger;
    }

    public async Task<ForgotPasswordResponse> HandleAsync(ForgotPasswordRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = Guid.CreateVersion7(_clock.GetUtcNow());
        var identifier = request.EmailOrMobile!.Trim();
        var byEmail = identifier.Contains('@', StringComparison.Ordinal);
        var users = _db.GetTable<UserAccount>().Where(u => u.DeletedAt == null && u.Status == UserStatuses.Active);
        UserAccount? user = null;
        if (byEmail)
        {
            var email = ContactFormats.NormalizeEmail(identifier);
            user = await users.FirstOrDefaultAsync(u => u.EmailNormalized == email, cancellationToken);
        }
        else if (ContactFormats.TryNormalizeMobile(identifier, out var mobile))
        {
            user = await users.FirstOrDefaultAsync(u => u.Mobile == mobile, cancellationToken);
        }

        if (user is not null)
        {
            try
            {
                await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
                await _otp.IssueAsync(_db, requestId, OtpPurposes.PasswordReset, byEmail ? Channels.Email : Channels.Sms,
                    byEmail ? user.Email : user.Mobile, user.Id, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DailyCapReachedException capped)
            {
                // Swallowed (the answer must not tell), and the owner is told: a flood of resets may be someone else's doing.
                _logger.LogWarning("Password reset code not sent for request {RequestId}: daily cap reached", requestId);
                await using var notice = await _db.BeginTransactionAsync(cancellationToken);
                await _otp.TellOwnerOfCapAsync(_db, user.Id, user.Email, user.FirstName, OtpPurposes.PasswordReset, capped.RetryAfter ?? TimeSpan.FromDays(1), cancellationToken);
                await notice.CommitAsync(cancellationToken);
            }
        }

        // A timer may fire a little early; wait until the floor has really passed.
        for (var remaining = MinimumDuration - Stopwatch.GetElapsedTime(started); remaining > TimeSpan.Zero; remaining = MinimumDuration - Stopwatch.GetElapsedTime(started))
        {
            await Task.Delay(remaining + TimeSpan.FromMilliseconds(1), cancellationToken);
        }
        return new ForgotPasswordResponse(requestId, true, "If an account matches, a reset code was sent.");
    }
}
