using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity;

internal sealed class UserDirectory : IUserDirectory
{
    private readonly TimeProvider _clock;

    public UserDirectory(TimeProvider clock) => _clock = clock;

    public Task<UserSummary?> FindAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default) =>
        Summaries(db.GetTable<UserAccount>().Where(u => u.Id == userId && u.DeletedAt == null)).FirstOrDefaultAsync(cancellationToken);

    public Task<UserSummary?> FindByCodeAsync(AppDb db, string userCode, CancellationToken cancellationToken = default) =>
        Summaries(db.GetTable<UserAccount>().Where(u => u.UserCode == userCode && u.DeletedAt == null)).FirstOrDefaultAsync(cancellationToken);

    public Task<UserSummary?> FindByEmailAsync(AppDb db, string email, CancellationToken cancellationToken = default)
    {
        var normalized = ContactFormats.NormalizeEmail(email);
        return Summaries(db.GetTable<UserAccount>().Where(u => u.EmailNormalized == normalized && u.DeletedAt == null)).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, UserSummary>> FindByCodesAsync(AppDb db, IReadOnlyCollection<string> userCodes, CancellationToken cancellationToken = default)
    {
        if (userCodes.Count == 0)
        {
            return new Dictionary<string, UserSummary>();
        }
        var found = await Summaries(db.GetTable<UserAccount>().Where(u => userCodes.Contains(u.UserCode) && u.DeletedAt == null)).ToListAsync(cancellationToken);
        return found.OfType<UserSummary>().ToDictionary(u => u.UserCode, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<Guid>> RetailersOfAsync(AppDb db, Guid distributorId, CancellationToken cancellationToken = default) =>
        await db.GetTable<UserAccount>().Where(u => u.ParentUserId == distributorId && u.DeletedAt == null).Select(u => u.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> PlatformsAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default)
    {
        var inactive = await db.GetTable<PlatformRecord>().Where(p => !p.Active).Select(p => p.Platform).ToListAsync(cancellationToken);
        var revoked = await db.GetTable<UserPlatformAccess>().Where(a => a.UserId == userId && !a.Enabled).Select(a => a.Platform).ToListAsync(cancellationToken);
        return Sessions.Platforms.All.Where(p => !inactive.Contains(p) && !revoked.Contains(p)).ToList();
    }

    public Task<long> CountInBranchAsync(AppDb db, string branchCode, CancellationToken cancellationToken = default) =>
        db.GetTable<UserAccount>().Where(u => u.BranchCode == branchCode && u.DeletedAt == null).LongCountAsync(cancellationToken);

    public Task<long> CountBlockedAsync(AppDb db, string? branchCode, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var users = db.GetTable<UserAccount>().Where(u => u.DeletedAt == null && (u.Status == UserStatuses.Blocked || u.LockedUntil > now));
        return (branchCode is null ? users : users.Where(u => u.BranchCode == branchCode)).LongCountAsync(cancellationToken);
    }

    public async Task<long> FailedSignInsAsync(AppDb db, string? branchCode, DateTime since, CancellationToken cancellationToken = default)
    {
        var hour = Sessions.LoginCounters.HourOf(since);
        var counts = db.GetTable<Sessions.LoginActivityHourly>().Where(c => c.Result == Sessions.LoginCounters.Failed && Instants.AtOrAfter(c.Hour, hour));
        return await (branchCode is null ? counts : counts.Where(c => c.BranchKey == branchCode)).SumAsync(c => (long?)c.Attempts, cancellationToken) ?? 0;
    }

    public Task SetKycStatusAsync(AppDb db, Guid userId, string kycStatus, CancellationToken cancellationToken = default) =>
        db.GetTable<UserAccount>()
            .Where(u => u.Id == userId)
            .Set(u => u.KycStatus, kycStatus)
            .Set(u => u.UpdatedAt, _clock.GetUtcNow().UtcDateTime)
            .UpdateAsync(cancellationToken);

    private static IQueryable<UserSummary?> Summaries(IQueryable<UserAccount> users) =>
        users.Select(u => (UserSummary?)new UserSummary(u.Id, u.UserCode, u.FirstName, u.LastName, u.Email, u.Mobile, u.Role, u.Tier, u.BranchCode, u.Status, u.KycStatus, u.ParentUserId));
}

/// <summary>The OTP service as other modules see it (<see cref="IOneTimeCodes"/>).</summary>
internal sealed class OneTimeCodes : IOneTimeCodes
{
    private readonly OtpService _otp;

    public OneTimeCodes(OtpService otp) => _otp = otp;

    public Task IssueAsync(AppDb db, Guid requestId, string purpose, string channel, string destination, Guid userId, CancellationToken cancellationToken = default) =>
        _otp.IssueAsync(db, requestId, purpose, channel, destination, userId, cancellationToken);

    public Task ResendAsync(AppDb db, Guid requestId, string purpose, string channel, string destination, CancellationToken cancellationToken = default) =>
        _otp.ResendAsync(db, requestId, purpose, channel, destination, cancellationToken);

    public Task<OtpCheckResult> VerifyAsync(AppDb db, Guid requestId, string purpose, string channel, string code, CancellationToken cancellationToken = default) =>
        _otp.VerifyAsync(db, requestId, purpose, channel, code, cancellationToken);
}
