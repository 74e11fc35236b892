using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity.Features.Register;

/// <summary>
/// <c>POST auth/register/verify_otp</c>: checks one channel's code; when both the email and the
/// mobile are verified the user is created (role <c>user</c>, tier <c>customer</c>, active, a fresh
/// <c>user_code</c>) with its audit row, in one transaction.
/// </summary>
internal sealed class VerifyRegistrationOtp
{
    private readonly AppDb _db;
    private readonly OtpService _otp;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<VerifyRegistrationOtp> _logger;

    private readonly Privacy.Contracts.IPrivacyNotices _notices;

    public VerifyRegistrationOtp(AppDb db, OtpService otp, IAuditTrail audit, TimeProvider clock, ILogger<VerifyRegistrationOtp> logger, Privacy.Contracts.IPrivacyNotices notices)
    {
        _notices = notices;
        _db = db;
        _otp = otp;
        _audit = audit;
        _clock = clock;
        _logger = logger;
    }

    public async Task<VerifyRegistrationOtpResponse> HandleAsync(VerifyRegistrationOtpRequest request, CancellationToken cancellationToken)
    {
        var pending = await PendingRegistrations.FindOpenAsync(_db, request.RequestId!.Value, _clock, cancellationToken);
        if (pending.UserCode is not null)
        {
            // No code is looked at once the registration is done: a further verify neither succeeds again nor counts an attempt.
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "This registration is already complete; sign in instead.",
                code: "registration_complete");
        }

        var (channel, check) = await CheckAsync(pending, request, cancellationToken);
        check.EnsureVerified("No registration is pending for this request.", spentIsFine: true);

        var now = _clock.GetUtcNow().UtcDateTime;
        var marked = channel == RegistrationChannels.Email
            ? _db.GetTable<PendingRegistration>().Where(p => p.RequestId == pending.RequestId && p.EmailVerifiedAt == null).Set(p => p.EmailVerifiedAt, now)
            : _db.GetTable<PendingRegistration>().Where(p => p.RequestId == pending.RequestId && p.MobileVerifiedAt == null).Set(p => p.MobileVerifiedAt, now);
        if (await marked.UpdateAsync(cancellationToken) == 1)
        {
            _logger.LogInformation("Registration {RequestId}: {Channel} verified", pending.RequestId, channel);
        }
        pending = await _db.GetTable<PendingRegistration>().FirstAsync(p => p.RequestId == pending.RequestId, cancellationToken);

        if (pending.EmailVerifiedAt is null || pending.MobileVerifiedAt is null)
        {
            var next = pending.EmailVerifiedAt is null ? "email" : "mobile";
            return new VerifyRegistrationOtpResponse(pending.EmailVerifiedAt is not null, pending.MobileVerifiedAt is not null, false, null,
                $"{(channel == RegistrationChannels.Email ? "Email" : "Mobile")} verified; verify your {next} to finish.");
        }
        var userCode = await CreateUserAsync(pending, cancellationToken);
        _logger.LogInformation("Registration {RequestId} complete: user {UserCode} created", pending.RequestId, userCode);
        return Completed(userCode, "Registration successful");
    }

    private static VerifyRegistrationOtpResponse Completed(string userCode, string message) => new(true, true, true, userCode, message);

    /// <summary>The channel the code is for (named, or given by the email or mobile sent) and the check's outcome.</summary>
    private async Task<(string Channel, OtpCheckResult Check)> CheckAsync(PendingRegistration pending, VerifyRegistrationOtpRequest request, CancellationToken cancellationToken)
    {
        var named = request.Channel;
        if (request.Email is { } email)
        {
            named ??= RegistrationChannels.Email;
            if (named != RegistrationChannels.Email || ContactFormats.NormalizeEmail(email) != pending.Email)
            {
                throw ApiProblemException.Validation("email", "This is not the email of this registration.");
            }
        }
        if (request.Mobile is { } mobile)
        {
            named ??= RegistrationChannels.Mobile;
            if (named != RegistrationChannels.Mobile || !ContactFormats.TryNormalizeMobile(mobile, out var normalized) || normalized != pending.Mobile)
            {
                throw ApiProblemException.Validation("mobile", "This is not the mobile of this registration.");
            }
        }
        if (named is not null)
        {
            return (named, await _otp.VerifyAsync(_db, pending.RequestId, OtpPurposes.Registration, RegistrationChannels.ToOutbox(named), request.Otp!, cancellationToken));
        }
        // No channel said: each open channel in turn (each try counts on that channel's allowance).
        (string Channel, OtpCheckResult Check)? last = null;
        foreach (var open in new[] { (RegistrationChannels.Email, pending.EmailVerifiedAt), (RegistrationChannels.Mobile, pending.MobileVerifiedAt) })
        {
            if (open.Item2 is not null)
            {
                continue;
            }
            var check = await _otp.VerifyAsync(_db, pending.RequestId, OtpPurposes.Registration, RegistrationChannels.ToOutbox(open.Item1), request.Otp!, cancellationToken);
            if (check.Outcome == OtpCheck.Verified)
            {
                return (open.Item1, check);
            }
            last ??= (open.Item1, check);
        }
        return last ?? (RegistrationChannels.Email, new OtpCheckResult(OtpCheck.AlreadyUsed));
    }

    private async Task<string> CreateUserAsync(PendingRegistration pending, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var user = await UserCreation.CreateAsync(_db, code => new UserAccount
        {
            Id = Guid.CreateVersion7(now),
            UserCode = code,
            Email = pending.Email,
            EmailNormalized = pending.Email,
            Mobile = pending.Mobile,
            FirstName = pending.FirstName,
            LastName = pending.LastName,
            PasswordHash = pending.PasswordHash,
            Role = Roles.User,
            Tier = Tiers.Customer,
            Status = UserStatuses.Active,
            EmailVerifiedAt = pending.EmailVerifiedAt,
            MobileVerifiedAt = pending.MobileVerifiedAt,
            PasswordChangedAt = now.UtcDateTime,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        }, async created =>
        {
            var claimed = await _db.GetTable<PendingRegistration>()
                .Where(p => p.RequestId == pending.RequestId && p.UserCode == null)
                .Set(p => p.UserCode, created.UserCode)
                .UpdateAsync(cancellationToken);
            if (claimed != 1)
            {
                return false;
            }
            await _audit.RecordAsync(_db, new AuditEvent("user.registered", "user", created.UserCode,
                new { role = created.Role, tier = created.Tier, request_id = pending.RequestId }, created.UserCode), cancellationToken);
            if (pending.NoticeVersion is { } version)
            {
                // The consent given while registering is the new user's first: the notice, the required purposes, the marketing choice, with when and where from.
                await _notices.RecordAcceptanceAsync(_db, created.Id, version, pending.MarketingConsent, pending.ConsentIp, pending.ConsentUserAgent, pending.CreatedAt, cancellationToken);
            }
            return true;
        }, cancellationToken);
        // Null: a concurrent check of the other code finished the registration first.
        return user?.UserCode
            ?? (await _db.GetTable<PendingRegistration>().FirstAsync(p => p.RequestId == pending.RequestId, cancellationToken)).UserCode!;
    }
}

internal static class PendingRegistrations
{
    /// <summary>The registration, unless unknown or past its window (both answered 404, so neither can be told apart).</summary>
    public static async Task<PendingRegistration> FindOpenAsync(AppDb db, Guid requestId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var pending = await db.GetTable<PendingRegistration>().FirstOrDefaultAsync(p => p.RequestId == requestId, cancellationToken);
        if (pending is null || (pending.UserCode is null && pending.ExpiresAt <= clock.GetUtcNow().UtcDateTime))
        {
            throw ApiProblemException.NotFound("No registration is pending for this request; start again.");
        }
        return pending;
    }
}
