using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Modules.Identity.Passwords;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Privacy;
using LinqToDB;
using LinqToDB.Async;

using Security = CredbuzzPay.Api.Modules.Security;

namespace CredbuzzPay.Api.Modules.Identity.Features.Login;

/// <summary>
/// <c>POST auth/login</c>, the first factor. Every refusal (unknown account, wrong password, locked,
/// not active) is the same 401 after the same Argon2id work, so the answer tells nothing about the
/// account. A right password sends the second factor to the verified mobile.
/// </summary>
internal sealed class PasswordLogin
{
    public const string Refusal = "Invalid email/mobile or password.";
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);

    private readonly AppDb _db;
    private readonly PasswordHasher _hasher;
    private readonly AccountLockout _lockout;
    private readonly OtpService _otp;
    private readonly LoginActivityLog _activity;
    private readonly TimeProvider _clock;

    private readonly Security.Contracts.ISecuritySettings _settings;

    public PasswordLogin(AppDb db, PasswordHasher hasher, AccountLockout lockout, OtpService otp, LoginActivityLog activity, TimeProvider clock,
        Security.Contracts.ISecuritySettings settings)
    {
        _settings = settings;
        _db = db;
        _hasher = hasher;
        _lockout = lockout;
        _otp = otp;
        _activity = activity;
        _clock = clock;
    }

    /// <summary>
    /// The first factor. With <paramref name="staffOnly"/> (the admin console's sign-in) an account that is not
    /// staff or an auditor is refused exactly as a wrong password is, and no code is sent to it.
    /// </summary>
    public async Task<LoginResponse> HandleAsync(LoginRequest request, HttpContext http, CancellationToken cancellationToken, bool staffOnly = false)
    {
        var identifier = request.EmailOrMobile!.Trim();
        var user = await FindAsync(identifier, cancellationToken);
        var mask = identifier.Contains('@', StringComparison.Ordinal) ? Masks.Email(identifier) : Masks.Phone(identifier);
        var now = _clock.GetUtcNow().UtcDateTime;
        await _activity.EnsureNotFloodedAsync(_db, mask, cancellationToken);

        if (user is null)
        {
            await _hasher.VerifyAgainstDummyAsync(request.Password!, cancellationToken);
            await _activity.RecordFailureAsync(_db, http, null, mask, LoginOutcomes.UnknownAccount, cancellationToken);
            throw Refused();
        }
        var passwordOk = await _hasher.VerifyAsync(user.PasswordHash, request.Password!, cancellationToken);
        if (user.Status == UserStatuses.Blocked && user.BlockedUntil <= now)
        {
            // A timed block that has run out ends here too, not only at the next unblock job.
            await Features.UserAdmin.UserBlocks.ExpireAsync(_db, now, cancellationToken);
            user.Status = UserStatuses.Active;
        }
        var outcome = user.Status != UserStatuses.Active ? LoginOutcomes.Inactive
            : AccountLockout.IsLocked(user, now) ? LoginOutcomes.Locked
            : staffOnly && !Contracts.Hierarchy.IsConsoleRole(user.Role) ? LoginOutcomes.PlatformDenied
            : !await SessionStore.PlatformAllowedAsync(_db, user.Id, request.Platform ?? Platforms.Web, cancellationToken) ? LoginOutcomes.PlatformDenied
            : null;
        if (outcome is not null)
        {
            await _activity.RecordFailureAsync(_db, http, user, mask, outcome, cancellationToken);
            throw Refused();
        }
        if (!passwordOk)
        {
            await _lockout.RegisterFailureAsync(_db, user, cancellationToken);
            await _activity.RecordFailureAsync(_db, http, user, mask, LoginOutcomes.BadPassword, cancellationToken);
            throw Refused();
        }

        // Staff may restrict where they sign in from; the second factor goes where the user chose.
        var settings = await _settings.ForUserAsync(_db, user.Id, cancellationToken);
        if (user.Role != Roles.User && !settings.Allows(Platform.Http.ClientAddresses.Of(http)))
        {
            await _activity.RecordFailureAsync(_db, http, user, mask, LoginOutcomes.IpNotAllowed, cancellationToken);
            throw Refused();
        }
        var byEmail = settings.TwoFactorChannel == "email";

        var pending = new PendingLogin
        {
            RequestId = Guid.CreateVersion7(_clock.GetUtcNow()),
            UserId = user.Id,
            Platform = request.Platform ?? Platforms.Web,
            Device = Describe(request.DeviceInfo),
            ExpiresAt = now + PendingLifetime,
            CreatedAt = now,
        };
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        await _lockout.ResetAsync(_db, user.Id, cancellationToken);
        if (_hasher.NeedsRehash(user.PasswordHash))
        {
            var upgraded = await _hasher.HashAsync(request.Password!, cancellationToken);
            await _db.GetTable<UserAccount>().Where(u => u.Id == user.Id).Set(u => u.PasswordHash, upgraded).UpdateAsync(cancellationToken);
        }
        await _db.InsertAsync(pending, token: cancellationToken);
        await _otp.IssueAsync(_db, pending.RequestId, OtpPurposes.Login, byEmail ? Platform.Notifications.Channels.Email : Platform.Notifications.Channels.Sms,
            byEmail ? user.Email : user.Mobile, user.Id, cancellationToken);
        await _activity.RecordAsync(_db, http, user, mask, LoginOutcomes.PasswordAccepted, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new LoginResponse(pending.RequestId, true, "OTP sent for 2FA");
    }

    private static ApiProblemException Refused() => new(StatusCodes.Status401Unauthorized, "Unauthorized", Refusal);

    private Task<UserAccount?> FindAsync(string identifier, CancellationToken cancellationToken)
    {
        var users = _db.GetTable<UserAccount>().Where(u => u.DeletedAt == null);
        if (identifier.Contains('@', StringComparison.Ordinal))
        {
            var email = ContactFormats.NormalizeEmail(identifier);
            return users.FirstOrDefaultAsync(u => u.EmailNormalized == email, cancellationToken);
        }
        return ContactFormats.TryNormalizeMobile(identifier, out var mobile)
            ? users.FirstOrDefaultAsync(u => u.Mobile == mobile, cancellationToken)
            : Task.FromResult<UserAccount?>(null);
    }

    private static string? Describe(DeviceInfo? info)
    {
        if (info is null)
        {
            return null;
        }
        var text = string.Join(" / ", new[] { info.Device, info.Os, info.Browser }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return text.Length == 0 ? null : text.Length > 200 ? text[..200] : text;
    }
}
