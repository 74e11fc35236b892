using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>
/// The identity module's part in an erasure. The user row stays (every module's records point at it) but becomes a pseudonym: the name, email,
/// mobile, address and password are overwritten, the row is marked erased and deleted, so nobody can sign in as it and no staff search or
/// lookup finds it. Sessions, devices and pending sign-ins go; the sign-in history loses its device details and keeps time, outcome and
/// address as the security log until the login activity retention period ends.
/// </summary>
internal sealed class IdentityErasure : IErasureParticipant
{
    public const string ErasedBy = "privacy_erasure";

    /// <summary>Staff accounts are not erased by their holders: an administrator ends their role first (their actions stay attributable in the audit trail).</summary>
    public async Task<ErasureBlock?> BlockAsync(AppDb db, Guid userId, CancellationToken cancellationToken) =>
        await db.GetTable<UserAccount>().AnyAsync(u => u.Id == userId && u.Role != Roles.User, cancellationToken)
            ? new ErasureBlock("staff_account", "A staff account is not erased by its holder: ask an administrator to end your staff role first, then ask again.", Refuses: true)
            : null;

    public async Task<IReadOnlyList<ErasureLine>> EraseAsync(AppDb db, ErasureSubject subject, CancellationToken cancellationToken)
    {
        var user = await db.GetTable<UserAccount>().FirstAsync(u => u.Id == subject.UserId, cancellationToken);
        var pseudonym = subject.UserCode.ToLowerInvariant();
        await db.GetTable<PendingRegistration>().Where(p => p.Email == user.EmailNormalized || p.Email == user.Email || p.Mobile == user.Mobile).DeleteAsync(cancellationToken);
        await db.GetTable<UserAccount>().Where(u => u.Id == subject.UserId)
            .Set(u => u.FirstName, "Erased").Set(u => u.LastName, "Person")
            .Set(u => u.Email, $"erased-{pseudonym}@erased.invalid").Set(u => u.EmailNormalized, $"erased-{pseudonym}@erased.invalid")
            .Set(u => u.Mobile, "erased:" + subject.UserCode)
            .Set(u => u.PasswordHash, "erased").Set(u => u.AddressEncrypted, (byte[]?)null).Set(u => u.LastLoginIp, (string?)null).Set(u => u.BlockReason, (string?)null)
            .Set(u => u.Status, UserStatuses.Erased).Set(u => u.DeletedAt, subject.Now).Set(u => u.DeletedBy, ErasedBy).Set(u => u.UpdatedAt, subject.Now)
            .UpdateAsync(cancellationToken);
        var sessions = db.GetTable<UserSession>().Where(s => s.UserId == subject.UserId).Select(s => s.Id);
        await db.GetTable<RefreshToken>().Where(t => sessions.Contains(t.SessionId)).DeleteAsync(cancellationToken);
        await db.GetTable<UserSession>().Where(s => s.UserId == subject.UserId).DeleteAsync(cancellationToken);
        await db.GetTable<PendingLogin>().Where(p => p.UserId == subject.UserId).DeleteAsync(cancellationToken);
        await db.GetTable<LoginActivity>().Where(a => a.UserId == subject.UserId)
            .Set(a => a.UserAgent, (string?)null).Set(a => a.Device, "").Set(a => a.Browser, "").Set(a => a.Os, "").UpdateAsync(cancellationToken);
        return
        [
            new("Your name, email address, mobile number, address and password", ErasureActions.Erased, "No law requires them once you leave; your account can no longer be signed in to."),
            new("Your sessions, devices and sign-ins in progress", ErasureActions.Erased, "Not needed once you leave."),
            new("Your sign-in history", ErasureActions.Pseudonymised,
                "Device and browser details are removed; the time, outcome and network address of each sign-in stay in the security log for its retention period (CERT-In Directions 2022), then are deleted."),
        ];
    }

    public async Task<int> PurgeRetainedAsync(AppDb db, Guid userId, CancellationToken cancellationToken) =>
        await db.GetTable<LoginActivity>().Where(a => a.UserId == userId).DeleteAsync(cancellationToken);
}
