using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Modules.Identity.Passwords;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Notifications;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity.Features.PasswordReset;

/// <summary>
/// <c>POST auth/reset_password</c>: the reset code sets a new password, clears any lockout, ends every
/// session of the user and tells them, in one transaction with the audit row.
/// </summary>
internal sealed class ResetPassword
{
    private const string NotValid = "The code is not valid; ask for a new one.";
    private readonly AppDb _db;
    private readonly OtpService _otp;
    private readonly PasswordHasher _hasher;
    private readonly PasswordChanges _changes;

    public ResetPassword(AppDb db, OtpService otp, PasswordHasher hasher, PasswordChanges changes)
    {
        _db = db;
        _otp = otp;
        _hasher = hasher;
        _changes = changes;
    }

    public async Task<Login.MessageResponse> HandleAsync(ResetPasswordRequest request, CancellationToken cancellationToken)
    {
        var requestId = request.RequestId!.Value;
        var challengeUser = await _db.GetTable<OtpChallenge>()
            .Where(c => c.RequestId == requestId && c.Purpose == OtpPurposes.PasswordReset)
            .Select(c => c.UserId)
            .FirstOrDefaultAsync(cancellationToken);
        var check = await _otp.VerifyAsync(_db, requestId, OtpPurposes.PasswordReset, null, request.Otp!, cancellationToken);
        switch (check.Outcome)
        {
            case OtpCheck.Verified:
                break;
            case OtpCheck.Blocked:
                throw ApiProblemException.TooManyRequests(check.RetryAfter ?? TimeSpan.FromMinutes(15), "Too many wrong codes; ask for a new one later.");
            default:
                throw ApiProblemException.Validation("otp", NotValid);
        }
        var user = await _db.GetTable<UserAccount>().FirstOrDefaultAsync(u => u.Id == challengeUser && u.DeletedAt == null, cancellationToken)
            ?? throw ApiProblemException.Validation("otp", NotValid);
        var problems = PasswordPolicy.Check(request.NewPassword, user.Email, user.Mobile);
        if (problems.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Validation failed", "One or more fields are invalid.",
                new Dictionary<string, string[]> { ["new_password"] = problems.ToArray() });
        }
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        await _changes.ApplyAsync(_db, user, await _hasher.HashAsync(request.NewPassword!, cancellationToken), "password.reset", keepSession: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Login.MessageResponse("Password reset successful");
    }
}

/// <summary>What every password change does: new hash, lockout cleared, sessions ended, owner told, audited.</summary>
internal sealed class PasswordChanges
{
    private readonly SessionStore _sessions;
    private readonly IOutbox _outbox;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;

    public PasswordChanges(SessionStore sessions, IOutbox outbox, IAuditTrail audit, TimeProvider clock)
    {
        _sessions = sessions;
        _outbox = outbox;
        _audit = audit;
        _clock = clock;
    }

    public async Task ApplyAsync(AppDb db, UserAccount user, string newHash, string action, Guid? keepSession, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        await db.GetTable<UserAccount>().Where(u => u.Id == user.Id)
            .Set(u => u.PasswordHash, newHash)
            .Set(u => u.PasswordChangedAt, now)
            .Set(u => u.UpdatedAt, now)
            .Set(u => u.FailedLoginCount, 0)
            .Set(u => u.LockedUntil, (DateTime?)null)
            .UpdateAsync(cancellationToken);
        var ended = await _sessions.RevokeAllAsync(db, user.Id, user.UserCode, action, keepSession, cancellationToken);
        const string text = "Your CredbuzzPay password was just changed. If this was not you, reset it at once and contact support.";
        await _outbox.EnqueueAsync(db, OutgoingMessage.Email(user.Email, "CredbuzzPay: your password was changed", text), cancellationToken);
        await _outbox.EnqueueAsync(db, OutgoingMessage.Sms(user.Mobile, text), cancellationToken);
        await _audit.RecordAsync(db, new AuditEvent(action, "user", user.UserCode, new { sessions_ended = ended }, user.UserCode), cancellationToken);
    }
}
