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

using CredbuzzPay.Api.Platform.Notifications;
using Security = CredbuzzPay.Api.Modules.Security;

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

    private readonly Security.Contracts.ISecuritySettings _settings;
    private readonly Security.Contracts.ISecuritySignals _signals;
    private readonly IOutbox _outbox;

    public CompleteLogin(AppDb db, OtpService otp, SessionStore sessions, LoginActivityLog activity, IAuditTrail audit, TimeProvider clock,
        Security.Contracts.ISecuritySettings settings, Security.Contracts.ISecuritySignals signals, IOutbox outbox)
    {
        _settings = settings;
        _signals = signals;
        _outbox = outbox;
        _db = db;
        _otp = otp;
        _sessions = sessions;
        _activity = activity;
        _audit = audit;
        _clock = clock;
    }

    public async Task<TokensResponse> HandleAsync(VerifyLoginOtpRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var (user, _, access, refresh) = await SignInAsync(request, http, null, cancellationToken);
        return new TokensResponse(access, refresh,
            new SignedInUser(user.UserCode, user.UserCode, user.Email, user.Mobile, user.FirstName, user.LastName, user.Role, user.KycStatus));
    }

    /// <summary>
    /// Checks the code and opens the session. With <paramref name="platform"/> only a sign-in begun on that
    /// platform is completed (the console completes only its own); any other is "no login waiting".
    /// </summary>
    public async Task<(UserAccount User, UserSession Session, string Access, string Refresh)> SignInAsync(VerifyLoginOtpRequest request, HttpContext http, string? platform,
        CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var pending = await _db.GetTable<PendingLogin>().FirstOrDefaultAsync(p => p.RequestId == request.RequestId!.Value, cancellationToken);
        if (pending is null || pending.CompletedAt is not null || pending.ExpiresAt <= now || (platform is not null && pending.Platform != platform))
        {
            throw ApiProblemException.NotFound("No login is waiting for this code; sign in again.");
        }
        var user = await _db.GetTable<UserAccount>().FirstAsync(u => u.Id == pending.UserId, cancellationToken);
        var mask = Masks.Phone(user.Mobile);

        // One challenge per sign-in, over the channel the user's settings chose (SMS or email).
        var check = await _otp.VerifyAsync(_db, pending.RequestId, OtpPurposes.Login, null, request.Otp!, cancellationToken);
        if (check.Outcome != OtpCheck.Verified)
        {
            await _activity.RecordAsync(_db, http, user, mask, LoginOutcomes.OtpFailed, null, cancellationToken);
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
        var address = Platform.Http.ClientAddresses.Of(http);
        await _db.GetTable<UserAccount>().Where(u => u.Id == user.Id)
            .Set(u => u.LastLoginAt, now)
            .Set(u => u.LastLoginIp, address)
            .UpdateAsync(cancellationToken);
        await _activity.RecordAsync(_db, http, user, mask, LoginOutcomes.Success, session.Id, cancellationToken);
        await _audit.RecordAsync(_db, new AuditEvent("login.succeeded", "session", session.Id.ToString(), new { platform = session.Platform }, user.UserCode), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await NoticeNewDeviceAsync(user, session, http, cancellationToken);
        return (user, session, access, refresh);
    }

    /// <summary>
    /// A sign-in from a device (browser, OS) or address this user never signed in from before (their
    /// first sign-in excepted) is a security signal, and the user is told by email unless they turned
    /// new-device alerts off.
    /// </summary>
    private async Task NoticeNewDeviceAsync(UserAccount user, UserSession session, HttpContext http, CancellationToken cancellationToken)
    {
        var ip = Platform.Http.ClientAddresses.Of(http);
        var (device, browser, os) = UserAgents.Parse(http.Request.Headers.UserAgent.ToString());
        var earlier = _db.GetTable<LoginActivity>().Where(a => a.UserId == user.Id && a.Outcome == LoginOutcomes.Success && a.SessionId != session.Id);
        if (!await earlier.AnyAsync(cancellationToken))
        {
            return;
        }
        var knownDevice = await earlier.AnyAsync(a => a.Device == device && a.Browser == browser && a.Os == os, cancellationToken);
        var knownAddress = await earlier.AnyAsync(a => a.IpAddress == ip, cancellationToken);
        if (knownDevice && knownAddress)
        {
            return;
        }
        await _signals.ReportAsync(_db, new Security.Contracts.SecuritySignal(Security.Contracts.SignalKinds.LoginSucceeded, ip, user.Id, user.UserCode, user.BranchCode, "new_device"),
            cancellationToken);
        if ((await _settings.ForUserAsync(_db, user.Id, cancellationToken)).NewDeviceAlerts)
        {
            await _outbox.EnqueueAsync(_db, OutgoingMessage.Email(user.Email, "CredbuzzPay: new sign-in to your account",
                $"Hello {user.FirstName}, your account was just signed in to from {browser} on {os} ({device}) at {ip ?? "an unknown address"}. " +
                "If this was not you, change your password at once and contact support."), cancellationToken);
        }
    }
}
