using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Privacy;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity.Features.Login;

/// <summary>
/// <c>POST auth/verify_login_otp</c>, the second factor: the SMS code opens a session and answers an
/// access token (15 minutes) and a refresh token (7 days from now, never extended by rotation).
/// </summary>
internal sealed class CompleteLogin
{
    private readonly AppDb _db;
    private readonly OtpService _otp;
    private readonly SessionStore _sessions;
    private readonly LoginActivityLog _activity;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;

    public CompleteLogin(AppDb db, OtpService otp, SessionStore sessions, LoginActivityLog activity, IAuditTrail audit, TimeProvider clock)
    {
        _db = db;
        _otp = otp;
        _sessions = sessions;
        _activity = activity;
        _audit = audit;
        _clock = clock;
    }

    public async Task<TokensResponse> HandleAsync(VerifyLoginOtpRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var pending = await _db.GetTable<PendingLogin>().FirstOrDefaultAsync(p => p.RequestId == request.RequestId!.Value, cancellationToken);
        if (pending is null || pending.CompletedAt is not null || pending.ExpiresAt <= now)
        {
            throw ApiProblemException.NotFound("No login is waiting for this code; sign in again.");
        }
        var user = await _db.GetTable<UserAccount>().FirstAsync(u => u.Id == pending.UserId, cancellationToken);
        var mask = Masks.Phone(user.Mobile);

        var check = await _otp.VerifyAsync(_db, pending.RequestId, OtpPurposes.Login, Platform.Notifications.Channels.Sms, request.Otp!, cancellationToken);
        if (check.Outcome != OtpCheck.Verified)
        {
            await _activity.RecordAsync(_db, http, user.Id, mask, LoginOutcomes.OtpFailed, null, cancellationToken);
            throw check.Outcome switch
            {
                OtpCheck.Incorrect => ApiProblemException.Validation("otp", $"Incorrect code; {check.AttemptsLeft} attempt(s) left."),
                OtpCheck.Expired => ApiProblemException.Validation("otp", "This code has expired; sign in again."),
                OtpCheck.Blocked => ApiProblemException.TooManyRequests(check.RetryAfter ?? TimeSpan.FromMinutes(15), "Too many wrong codes; this sign-in is blocked for a while."),
                _ => ApiProblemException.NotFound("No login is waiting for this code; sign in again."),
            };
        }

        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        var claimed = await _db.GetTable<PendingLogin>()
            .Where(p => p.RequestId == pending.RequestId && p.CompletedAt == null)
            .Set(p => p.CompletedAt, now)
            .UpdateAsync(cancellationToken);
        user = await _db.GetTable<UserAccount>().FirstAsync(u => u.Id == pending.UserId, cancellationToken);
        if (claimed != 1 || user.Status != UserStatuses.Active || user.DeletedAt is not null)
        {
            throw ApiProblemException.NotFound("No login is waiting for this code; sign in again.");
        }
        var (session, access, refresh) = await _sessions.StartAsync(_db, user, pending.Platform, pending.Device, http, cancellationToken);
        await _db.GetTable<UserAccount>().Where(u => u.Id == user.Id)
            .Set(u => u.LastLoginAt, now)
            .Set(u => u.LastLoginIp, http.Connection.RemoteIpAddress == null ? null : http.Connection.RemoteIpAddress.ToString())
            .UpdateAsync(cancellationToken);
        await _activity.RecordAsync(_db, http, user.Id, mask, LoginOutcomes.Success, session.Id, cancellationToken);
        await _audit.RecordAsync(_db, new AuditEvent("login.succeeded", "session", session.Id.ToString(), new { platform = session.Platform }, user.UserCode), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new TokensResponse(access, refresh,
            new SignedInUser(user.UserCode, user.Email, user.Mobile, user.FirstName, user.LastName, user.Role, user.KycStatus));
    }
}
