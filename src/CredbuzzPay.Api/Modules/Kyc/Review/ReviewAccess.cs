using CredbuzzPay.Api.Modules.Identity.Contracts;

namespace CredbuzzPay.Api.Modules.Kyc.Review;

/// <summary>
/// Who may review whose KYC (seed 001 with seed 004's hierarchy): admin and above, admins only for
/// users of their own branch, super_admin and master everywhere; never one's own, never someone at
/// or above one's own level.
/// </summary>
internal static class ReviewAccess
{
    public static readonly string[] ReviewerRoles = [Roles.Admin, Roles.SuperAdmin, Roles.MasterSuperadmin];

    public static bool IsReviewer(UserSummary staff) => ReviewerRoles.Contains(staff.Role) && staff.Status == UserStatuses.Active;

    public static bool SeesAllBranches(UserSummary staff) => Hierarchy.SeesAllBranches(staff.Role);

    public static bool MayReview(UserSummary staff, UserSummary target) =>
        IsReviewer(staff)
        && staff.Id != target.Id
        && Hierarchy.Rank(target.Role) < Hierarchy.Rank(staff.Role)
        && (SeesAllBranches(staff) || (target.BranchCode is not null && string.Equals(staff.BranchCode, target.BranchCode, StringComparison.OrdinalIgnoreCase)));
}
