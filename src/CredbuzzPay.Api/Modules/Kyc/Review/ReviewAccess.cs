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

    public static bool SeesAllBranches(UserSummary staff) => staff.Role is Roles.SuperAdmin or Roles.MasterSuperadmin;

    public static bool MayReview(UserSummary staff, UserSummary target) =>
        IsReviewer(staff)
        && staff.Id != target.Id
        && Rank(target.Role) < Rank(staff.Role)
        && (SeesAllBranches(staff) || (target.BranchCode is not null && string.Equals(staff.BranchCode, target.BranchCode, StringComparison.OrdinalIgnoreCase)));

    private static int Rank(string role) => role switch
    {
        Roles.MasterSuperadmin => 4,
        Roles.SuperAdmin => 3,
        Roles.Admin or Roles.Auditor => 2,
        _ => 1,
    };
}
