using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>The identity module's part of an access archive: the profile, sign-ins (every attempt) and sessions. No password hash, no address (it is in the KYC part).</summary>
internal sealed class IdentityPersonalData : IPersonalDataSource
{
    public async Task<PersonalDataPart> ExportAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var profile = await db.GetTable<UserAccount>().Where(u => u.Id == userId).Select(u => new
        {
            u.UserCode, u.FirstName, u.LastName, u.Email, u.Mobile, u.Role, u.Tier, u.BranchCode, u.Status, u.KycStatus, u.EmailVerifiedAt, u.MobileVerifiedAt,
            u.PasswordChangedAt, u.LastLoginAt, u.LastLoginIp, u.CreatedAt, u.UpdatedAt,
        }).FirstOrDefaultAsync(cancellationToken);
        var signIns = await db.GetTable<LoginActivity>().Where(a => a.UserId == userId).OrderBy(a => a.OccurredAt)
            .Select(a => new { a.OccurredAt, a.Outcome, a.IpAddress, a.UserAgent, a.Device, a.Browser, a.Os }).ToListAsync(cancellationToken);
        var sessions = await db.GetTable<UserSession>().Where(s => s.UserId == userId).OrderBy(s => s.CreatedAt)
            .Select(s => new { s.Platform, s.IpAddress, s.UserAgent, s.Device, s.CreatedAt, s.LastSeenAt, s.RevokedAt, s.RevokedReason }).ToListAsync(cancellationToken);
        return new PersonalDataPart("profile", new { profile, sign_ins = signIns, sessions });
    }
}
