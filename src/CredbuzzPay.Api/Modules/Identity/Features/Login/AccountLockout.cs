using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Notifications;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Identity.Features.Login;

/// <summary>
/// Counts wrong passwords with a conditional update (concurrent guesses cannot skip the count),
/// locks the account when the count reaches the limit, tells the owner by SMS and email, and audits.
/// </summary>
internal sealed class AccountLockout
{
    private readonly IOutbox _outbox;
    private readonly IAuditTrail _audit;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _clock;

    public AccountLockout(IOutbox outbox, IAuditTrail audit, IOptions<IdentityOptions> options, TimeProvider clock)
    {
        _outbox = outbox;
        _audit = audit;
        _options = options.Value;
        _clock = clock;
    }

    public static bool IsLocked(UserAccount user, DateTime now) => user.LockedUntil > now;

    public async Task RegisterFailureAsync(AppDb db, UserAccount user, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.GetTable<UserAccount>()
            .Where(u => u.Id == user.Id && (u.LockedUntil == null || u.LockedUntil <= now))
            .Set(u => u.FailedLoginCount, u => u.FailedLoginCount + 1)
            .UpdateAsync(cancellationToken);
        var locked = await db.GetTable<UserAccount>()
            .Where(u => u.Id == user.Id && u.FailedLoginCount >= _options.MaxFailedLogins)
            .Set(u => u.LockedUntil, now.AddMinutes(_options.LockoutMinutes))
            .Set(u => u.FailedLoginCount, 0)
            .UpdateAsync(cancellationToken);
        if (locked == 1)
        {
            var text = $"Your CredbuzzPay account was locked for {_options.LockoutMinutes} minutes after {_options.MaxFailedLogins} wrong passwords. " +
                "If this was not you, reset your password.";
            await _outbox.EnqueueAsync(db, OutgoingMessage.Sms(user.Mobile, text), cancellationToken);
            await _outbox.EnqueueAsync(db, OutgoingMessage.Email(user.Email, "CredbuzzPay: your account was locked", text), cancellationToken);
            await _audit.RecordAsync(db, new AuditEvent("login.locked", "user", user.UserCode, new { minutes = _options.LockoutMinutes }), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public Task ResetAsync(AppDb db, Guid userId, CancellationToken cancellationToken) =>
        db.GetTable<UserAccount>()
            .Where(u => u.Id == userId && (u.FailedLoginCount != 0 || u.LockedUntil != null))
            .Set(u => u.FailedLoginCount, 0)
            .Set(u => u.LockedUntil, (DateTime?)null)
            .UpdateAsync(cancellationToken);
}
