using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Notifications;
using CredbuzzPay.Api.Platform.Secrets;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;

using Security = CredbuzzPay.Api.Modules.Security;

namespace CredbuzzPay.Api.Modules.Identity.Otp;

/// <summary>
/// Issues, resends and checks one-time codes: 6 digits from a CSPRNG, kept only as an HMAC, single
/// use, bound to request, purpose and channel, alive for the purpose's lifetime. Wrong codes are
/// counted by a conditional update, so any number of concurrent guesses gets at most
/// <c>MaxAttempts</c> evaluations; the last wrong one blocks the check (the right code too) for
/// <c>BlockMinutes</c> and is audited.
/// </summary>
internal sealed class OtpService
{
    private readonly byte[] _key;
    private readonly IOutbox _outbox;
    private readonly IAuditTrail _audit;
    private readonly OtpOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<OtpService> _logger;

    private readonly Security.Contracts.ISecuritySignals _signals;

    public OtpService(KeyRing keys, IOutbox outbox, IAuditTrail audit, IOptions<IdentityOptions> options, TimeProvider clock, ILogger<OtpService> logger,
        Security.Contracts.ISecuritySignals signals)
    {
        _signals = signals;
        _key = keys.GetArray(KeyNames.OtpHash);
        _outbox = outbox;
        _audit = audit;
        _options = options.Value.Otp;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Creates a challenge and queues its code to <paramref name="destination"/>, inside <paramref name="db"/>'s transaction.</summary>
    public async Task IssueAsync(AppDb db, Guid requestId, string purpose, string channel, string destination, Guid? userId, CancellationToken cancellationToken)
    {
        var now = Now();
        var destinationHash = DestinationHash(destination);
        await EnsureUnderDailyCapAsync(db, destinationHash, purpose, now, cancellationToken);
        var challenge = new OtpChallenge
        {
            Id = Guid.CreateVersion7(_clock.GetUtcNow()),
            RequestId = requestId,
            Purpose = purpose,
            Channel = channel,
            DestinationHash = destinationHash,
            UserId = userId,
            ExpiresAt = now + _options.Lifetime(purpose),
            LastSentAt = now,
            SendCount = 1,
            CreatedAt = now,
        };
        var code = NewCode();
        challenge.CodeHash = CodeHash(challenge.Id, code);
        await db.InsertAsync(challenge, token: cancellationToken);
        await RecordSendAsync(db, destinationHash, purpose, now, cancellationToken);
        await _outbox.EnqueueAsync(db, Message(purpose, channel, destination, code), cancellationToken);
        _logger.LogInformation("Issued a {Purpose} code over {Channel} for request {RequestId}", purpose, channel, requestId);
    }

    /// <summary>A 429 while the last code of <paramref name="purpose"/> issued to this user is within its resend cooldown.</summary>
    public async Task EnsureCooledDownAsync(AppDb db, Guid userId, string purpose, CancellationToken cancellationToken)
    {
        var last = await db.GetTable<OtpChallenge>().Where(c => c.UserId == userId && c.Purpose == purpose)
            .OrderByDescending(c => c.LastSentAt).Select(c => (DateTime?)c.LastSentAt).FirstOrDefaultAsync(cancellationToken);
        var wait = last is { } sent ? sent + _options.Cooldown(purpose) - Now() : TimeSpan.Zero;
        if (wait > TimeSpan.Zero)
        {
            throw ApiProblemException.TooManyRequests(wait, "A code was sent moments ago; wait before asking for another.");
        }
    }

    /// <summary>Sends a new code for the same challenge; the previous code stops working.</summary>
    public async Task ResendAsync(AppDb db, Guid requestId, string purpose, string channel, string destination, CancellationToken cancellationToken)
    {
        var now = Now();
        var challenge = await FindAsync(db, requestId, purpose, channel, cancellationToken)
            ?? throw ApiProblemException.NotFound("No verification is pending for this request.");
        if (challenge.VerifiedAt is not null)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "This has already been verified.");
        }
        if (challenge.BlockedUntil > now)
        {
            throw ApiProblemException.TooManyRequests(challenge.BlockedUntil.Value - now, "Too many wrong codes; try again later.");
        }
        var wait = challenge.LastSentAt + _options.Cooldown(purpose) - now;
        if (wait > TimeSpan.Zero)
        {
            throw ApiProblemException.TooManyRequests(wait, "A code was sent moments ago; wait before asking for another.");
        }
        await EnsureUnderDailyCapAsync(db, challenge.DestinationHash, purpose, now, cancellationToken);
        var code = NewCode();
        var updated = await db.GetTable<OtpChallenge>()
            .Where(c => c.Id == challenge.Id && c.VerifiedAt == null && c.LastSentAt == challenge.LastSentAt)
            .Set(c => c.CodeHash, CodeHash(challenge.Id, code))
            .Set(c => c.Attempts, 0)
            .Set(c => c.BlockedUntil, (DateTime?)null)
            .Set(c => c.ExpiresAt, now + _options.Lifetime(purpose))
            .Set(c => c.LastSentAt, now)
            .Set(c => c.SendCount, c => c.SendCount + 1)
            .UpdateAsync(cancellationToken);
        if (updated != 1)
        {
            throw ApiProblemException.TooManyRequests(_options.Cooldown(purpose), "A code was sent moments ago; wait before asking for another.");
        }
        await RecordSendAsync(db, challenge.DestinationHash, purpose, now, cancellationToken);
        await _outbox.EnqueueAsync(db, Message(purpose, channel, destination, code), cancellationToken);
        _logger.LogInformation("Resent a {Purpose} code over {Channel} for request {RequestId}", purpose, channel, requestId);
    }

    /// <summary>
    /// Checks a code. Each statement is atomic on its own; no transaction is needed around it.
    /// <paramref name="channel"/> is the channel the code went to, or null when the request has only one.
    /// </summary>
    public async Task<OtpCheckResult> VerifyAsync(AppDb db, Guid requestId, string purpose, string? channel, string code, CancellationToken cancellationToken)
    {
        var now = Now();
        var challenge = await FindAsync(db, requestId, purpose, channel, cancellationToken);
        if (challenge is null)
        {
            return new OtpCheckResult(OtpCheck.NotFound);
        }
        if (challenge.VerifiedAt is not null)
        {
            return new OtpCheckResult(OtpCheck.AlreadyUsed);
        }
        if (challenge.BlockedUntil is { } until)
        {
            if (until > now)
            {
                return new OtpCheckResult(OtpCheck.Blocked, RetryAfter: until - now);
            }
            // The block has run out: the count starts again.
            await db.GetTable<OtpChallenge>()
                .Where(c => c.Id == challenge.Id && c.BlockedUntil == until)
                .Set(c => c.Attempts, 0)
                .Set(c => c.BlockedUntil, (DateTime?)null)
                .UpdateAsync(cancellationToken);
        }
        if (challenge.ExpiresAt <= now)
        {
            return new OtpCheckResult(OtpCheck.Expired);
        }

        var counted = await db.GetTable<OtpChallenge>()
            .Where(c => c.Id == challenge.Id && c.Attempts < _options.MaxAttempts && c.BlockedUntil == null && c.VerifiedAt == null)
            .Set(c => c.Attempts, c => c.Attempts + 1)
            .UpdateAsync(cancellationToken);
        if (counted == 0)
        {
            var current = await db.GetTable<OtpChallenge>().FirstAsync(c => c.Id == challenge.Id, cancellationToken);
            return current.VerifiedAt is not null
                ? new OtpCheckResult(OtpCheck.AlreadyUsed)
                : new OtpCheckResult(OtpCheck.Blocked, RetryAfter: (current.BlockedUntil ?? now + Block) - now);
        }

        // Read again: a resend may have replaced the code since the first read.
        var stored = await db.GetTable<OtpChallenge>().Where(c => c.Id == challenge.Id).Select(c => new { c.CodeHash, c.Attempts }).FirstAsync(cancellationToken);
        var matches = code.Length == 6 && code.All(char.IsAsciiDigit)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(CodeHash(challenge.Id, code)), Encoding.ASCII.GetBytes(stored.CodeHash));
        if (matches)
        {
            var used = await db.GetTable<OtpChallenge>()
                .Where(c => c.Id == challenge.Id && c.VerifiedAt == null)
                .Set(c => c.VerifiedAt, now)
                .Set(c => c.Attempts, 0)
                .UpdateAsync(cancellationToken);
            return new OtpCheckResult(used == 1 ? OtpCheck.Verified : OtpCheck.AlreadyUsed);
        }
        if (stored.Attempts < _options.MaxAttempts)
        {
            return new OtpCheckResult(OtpCheck.Incorrect, AttemptsLeft: _options.MaxAttempts - stored.Attempts);
        }
        var blocked = await db.GetTable<OtpChallenge>()
            .Where(c => c.Id == challenge.Id && c.BlockedUntil == null)
            .Set(c => c.BlockedUntil, now + Block)
            .UpdateAsync(cancellationToken);
        if (blocked == 1)
        {
            _logger.LogWarning("A {Purpose} verification over {Channel} was blocked after {Attempts} wrong codes (request {RequestId})", purpose, challenge.Channel, _options.MaxAttempts, requestId);
            await _audit.RecordAsync(db, new AuditEvent("otp.blocked", "otp_request", requestId.ToString(), new { purpose, channel = challenge.Channel, minutes = _options.BlockMinutes }), cancellationToken);
            var owner = challenge.UserId is { } userId
                ? await db.GetTable<Data.UserAccount>().Where(u => u.Id == userId).Select(u => new { u.UserCode, u.BranchCode }).FirstOrDefaultAsync(cancellationToken)
                : null;
            await _signals.ReportAsync(db, new Security.Contracts.SecuritySignal(Security.Contracts.SignalKinds.OtpBlocked, null, challenge.UserId, owner?.UserCode, owner?.BranchCode,
                purpose), cancellationToken);
        }
        return new OtpCheckResult(OtpCheck.Blocked, RetryAfter: Block);
    }

    private TimeSpan Block => TimeSpan.FromMinutes(_options.BlockMinutes);

    private DateTime Now() => _clock.GetUtcNow().UtcDateTime;

    private static Task<OtpChallenge?> FindAsync(AppDb db, Guid requestId, string purpose, string? channel, CancellationToken cancellationToken) =>
        db.GetTable<OtpChallenge>()
            .Where(c => c.RequestId == requestId && c.Purpose == purpose && (channel == null || c.Channel == channel))
            .OrderByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

    private async Task EnsureUnderDailyCapAsync(AppDb db, string destinationHash, string purpose, DateTime now, CancellationToken cancellationToken)
    {
        var since = now.AddDays(-1);
        var cap = _options.DailyCap(purpose);
        var sends = await db.GetTable<OtpSend>()
            .Where(s => s.DestinationHash == destinationHash && s.Purpose == purpose && Instants.After(s.SentAt, since))
            .OrderBy(s => s.SentAt)
            .Select(s => s.SentAt)
            .Take(cap)
            .ToListAsync(cancellationToken);
        if (sends.Count >= cap)
        {
            throw new DailyCapReachedException(sends[0].AddDays(1) - now);
        }
    }

    private Task RecordSendAsync(AppDb db, string destinationHash, string purpose, DateTime now, CancellationToken cancellationToken) =>
        db.InsertAsync(new OtpSend { Id = Guid.CreateVersion7(_clock.GetUtcNow()), DestinationHash = destinationHash, Purpose = purpose, SentAt = now }, token: cancellationToken);

    /// <summary>
    /// Tells an account's owner, by email and at most once a day per purpose, that more codes of
    /// <paramref name="purpose"/> were asked for than are sent, and that signing in is not affected.
    /// Runs in <paramref name="db"/>'s transaction (the caller's own, after the refused one rolled back).
    /// </summary>
    public async Task TellOwnerOfCapAsync(AppDb db, Guid userId, string email, string firstName, string purpose, TimeSpan until, CancellationToken cancellationToken)
    {
        var now = Now();
        var marker = DestinationHash("notice:" + userId.ToString("N"));
        var notice = "notice:" + purpose;
        if (await db.GetTable<OtpSend>().AnyAsync(s => s.DestinationHash == marker && s.Purpose == notice && Instants.After(s.SentAt, now.AddDays(-1)), cancellationToken))
        {
            return;
        }
        await db.InsertAsync(new OtpSend { Id = Guid.CreateVersion7(_clock.GetUtcNow()), DestinationHash = marker, Purpose = notice, SentAt = now }, token: cancellationToken);
        var what = purpose == OtpPurposes.PasswordReset ? "password reset codes" : $"{purpose.Replace('_', ' ')} codes";
        await _outbox.EnqueueAsync(db, OutgoingMessage.Email(email, "CredbuzzPay: codes for your account were asked for many times",
            $"Hello {firstName}, {what} for your account were asked for more often today than we send them, so we have paused them for about " +
            $"{Math.Max(1, (int)Math.Ceiling(until.TotalHours))} hour(s). Signing in is not affected: its codes have their own allowance. " +
            "If you did not ask for these codes, someone may know your email or mobile number; your password has not changed, and nobody can reset it without the code."), cancellationToken);
        await _audit.RecordAsync(db, new AuditEvent("otp.daily_cap_reached", "user_id", userId.ToString(), new { purpose }), cancellationToken);
        _logger.LogWarning("The daily {Purpose} code allowance of a destination was used up; the owner was told", purpose);
    }

    private static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private string CodeHash(Guid challengeId, string code) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"otp:{challengeId:N}:{code}")));

    private string DestinationHash(string destination) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("destination:" + destination.Trim().ToLowerInvariant())));

    private OutgoingMessage Message(string purpose, string channel, string destination, string code)
    {
        var minutes = (int)_options.Lifetime(purpose).TotalMinutes;
        var what = purpose switch
        {
            OtpPurposes.Registration => channel == Channels.Email ? "verify your email" : "verify your mobile number",
            OtpPurposes.Login => "sign in",
            OtpPurposes.PasswordReset => "reset your password",
            _ => "confirm your KYC details",
        };
        var text = $"Your CredbuzzPay code to {what} is {code}. It expires in {minutes} minutes. Never share it with anyone, including CredbuzzPay staff.";
        return channel == Channels.Email
            ? OutgoingMessage.Email(destination, $"CredbuzzPay: your code to {what}", text)
            : OutgoingMessage.Sms(destination, text);
    }
}

/// <summary>429: a destination has had its day's codes of one purpose.</summary>
internal sealed class DailyCapReachedException(TimeSpan retryAfter)
    : ApiProblemException(StatusCodes.Status429TooManyRequests, "Too Many Requests", "Too many codes were sent to this destination today; try again later.", retryAfter: retryAfter);
