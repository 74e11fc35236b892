using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Identity.Contracts;

/// <summary>What other modules may know of a user: no password, no lockout state, no address. A retailer's parent distributor is <see cref="ParentId"/>.</summary>
public sealed record UserSummary(Guid Id, string UserCode, string FirstName, string LastName, string Email, string Mobile,
    string Role, string Tier, string? BranchCode, string Status, string KycStatus, Guid? ParentId = null)
{
    public string FullName => $"{FirstName} {LastName}".Trim();
}

/// <summary>The identity module's read and KYC-status contract for other modules.</summary>
public interface IUserDirectory
{
    /// <summary>The live (not deleted) user with this id, or null.</summary>
    Task<UserSummary?> FindAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The live (not deleted) user with this public code, or null.</summary>
    Task<UserSummary?> FindByCodeAsync(AppDb db, string userCode, CancellationToken cancellationToken = default);

    /// <summary>The live (not deleted) user with this email (compared as stored: trimmed, lower case), or null.</summary>
    Task<UserSummary?> FindByEmailAsync(AppDb db, string email, CancellationToken cancellationToken = default);

    /// <summary>The live users with these public codes (those not found are missing from the answer).</summary>
    Task<IReadOnlyDictionary<string, UserSummary>> FindByCodesAsync(AppDb db, IReadOnlyCollection<string> userCodes, CancellationToken cancellationToken = default);

    /// <summary>The ids of a distributor's live retailers (its children in the network).</summary>
    Task<IReadOnlyList<Guid>> RetailersOfAsync(AppDb db, Guid distributorId, CancellationToken cancellationToken = default);

    /// <summary>The platforms the user may use now (active platforms not revoked for them).</summary>
    Task<IReadOnlyList<string>> PlatformsAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default);

    /// <summary>How many live users belong to the branch.</summary>
    Task<long> CountInBranchAsync(AppDb db, string branchCode, CancellationToken cancellationToken = default);

    /// <summary>Live users now blocked (by staff) or locked (wrong passwords), of one branch or (null) every branch.</summary>
    Task<long> CountBlockedAsync(AppDb db, string? branchCode, CancellationToken cancellationToken = default);

    /// <summary>Refused sign-ins since <paramref name="since"/> (whole UTC hours), of one branch's users or (null) all, unknown accounts included for all.</summary>
    Task<long> FailedSignInsAsync(AppDb db, string? branchCode, DateTime since, CancellationToken cancellationToken = default);

    /// <summary>Sets the user's overall KYC status, inside <paramref name="db"/>'s transaction.</summary>
    Task SetKycStatusAsync(AppDb db, Guid userId, string kycStatus, CancellationToken cancellationToken = default);
}
