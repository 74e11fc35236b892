namespace CredbuzzPay.Api.Modules.Identity.Contracts;

/// <summary>What a staff endpoint declares: the lowest role that may call it, and whether auditors may read it.</summary>
public sealed record StaffEndpoint(string MinimumRole, bool AuditorMayRead);

/// <summary>
/// The one permission mechanism for staff endpoints, declared next to each endpoint:
/// <c>.RequireStaff(Roles.Admin)</c> or <c>.RequireStaff(Roles.Admin, auditorMayRead: true)</c>. The
/// caller needs that role or a higher one (or auditor, for read endpoints that allow it) and a session
/// opened on the <c>admin_panel</c> or <c>api</c> platform. Which <em>objects</em> a caller may touch
/// (branch, level) is the handler's check, through <see cref="Hierarchy"/>.
/// </summary>
public static class StaffAccess
{
    public static readonly string[] StaffPlatforms = ["admin_panel", "api"];

    /// <summary>Whether the caller's session was opened on a staff platform (the condition for reaching anyone else's data).</summary>
    public static bool OnStaffPlatform(System.Security.Claims.ClaimsPrincipal principal) => StaffPlatforms.Contains(principal.FindFirst("platform")?.Value);

    /// <summary>Whether the caller acts as staff here: active staff (admin and above, or an auditor) signed in on a staff platform. Only then do they reach others' data.</summary>
    public static bool ActsAsStaff(System.Security.Claims.ClaimsPrincipal principal, UserSummary caller) =>
        OnStaffPlatform(principal) && caller.Role != Roles.User && caller.Status == UserStatuses.Active;

    public static TBuilder RequireStaff<TBuilder>(this TBuilder builder, string minimumRole, bool auditorMayRead = false) where TBuilder : IEndpointConventionBuilder
    {
        var roles = Hierarchy.AtOrAbove(minimumRole).Concat(auditorMayRead ? [Roles.Auditor] : []).ToArray();
        return builder
            .RequireAuthorization(policy => policy.RequireRole(roles).RequireClaim("platform", StaffPlatforms))
            .WithMetadata(new StaffEndpoint(minimumRole, auditorMayRead));
    }
}

/// <summary>
/// The staff hierarchy (seed 004): master_superadmin > super_admin > admin > user, auditor beside
/// admin as read-only staff. master manages super_admins only; super_admin manages admins, auditors
/// and users; admin manages users of their own branch. Nobody acts on themselves, on someone at or
/// above their own level, or grants a role at or above their own.
/// </summary>
public static class Hierarchy
{
    public static int Rank(string role) => role switch
    {
        Roles.MasterSuperadmin => 4,
        Roles.SuperAdmin => 3,
        Roles.Admin or Roles.Auditor => 2,
        _ => 1,
    };

    public static IEnumerable<string> AtOrAbove(string role) =>
        new[] { Roles.User, Roles.Admin, Roles.SuperAdmin, Roles.MasterSuperadmin }.Where(r => Rank(r) >= Rank(role) && r != Roles.Auditor);

    /// <summary>The roles that may use the admin console: staff from admin up, and auditors (read-only).</summary>
    public static readonly string[] ConsoleRoles = [Roles.MasterSuperadmin, Roles.SuperAdmin, Roles.Admin, Roles.Auditor];

    public static bool IsConsoleRole(string role) => ConsoleRoles.Contains(role);

    public static bool SeesAllBranches(string role) => role is Roles.SuperAdmin or Roles.MasterSuperadmin;

    /// <summary>Whether <paramref name="actor"/> reads every branch's data (super_admin and above, and auditors); others read only their own branch.</summary>
    public static bool ReadsEveryBranch(UserSummary actor) => SeesAllBranches(actor.Role) || actor.Role == Roles.Auditor;

    /// <summary>
    /// The branch <paramref name="actor"/>'s reports are limited to: null when they read every branch,
    /// else their branch (a key no row carries when they have none, so they read nothing).
    /// </summary>
    public static string? ReadLimit(UserSummary actor) => ReadsEveryBranch(actor) ? null : actor.BranchCode ?? "\0none";

    /// <summary>Whether <paramref name="actor"/> reaches a record of <paramref name="branchCode"/>: every branch, or their own (a record of no branch only when they read every one).</summary>
    public static bool Reaches(UserSummary actor, string? branchCode) =>
        ReadLimit(actor) is not { } limit || string.Equals(limit, branchCode, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="actor"/> may see <paramref name="target"/> at all: super_admin and above and auditors everyone, others their branch.</summary>
    public static bool Sees(UserSummary actor, UserSummary target) =>
        ReadsEveryBranch(actor)
        || (target.BranchCode is not null && string.Equals(actor.BranchCode, target.BranchCode, StringComparison.OrdinalIgnoreCase));

    /// <summary>The roles whose holders <paramref name="actorRole"/> manages.</summary>
    public static IReadOnlyList<string> Manages(string actorRole) => actorRole switch
    {
        Roles.MasterSuperadmin => [Roles.SuperAdmin],
        Roles.SuperAdmin => [Roles.Admin, Roles.Auditor, Roles.User],
        Roles.Admin => [Roles.User],
        _ => [],
    };

    /// <summary>Whether <paramref name="actor"/> may act on <paramref name="target"/> (role, branch, never oneself).</summary>
    public static bool CanManage(UserSummary actor, UserSummary target) =>
        actor.Id != target.Id
        && Manages(actor.Role).Contains(target.Role)
        && Rank(target.Role) < Rank(actor.Role)
        && (SeesAllBranches(actor.Role) || (target.BranchCode is not null && string.Equals(actor.BranchCode, target.BranchCode, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Whether <paramref name="actor"/> may give someone <paramref name="role"/> (one they manage; never their own level or above).</summary>
    public static bool CanGrant(UserSummary actor, string role) =>
        Manages(actor.Role).Contains(role) || (actor.Role == Roles.MasterSuperadmin && Rank(role) < Rank(Roles.MasterSuperadmin));
}

/// <summary>The signed-in caller of a staff endpoint, as other modules see them.</summary>
public static class StaffCallers
{
    /// <summary>The caller's summary; 403 when their account is gone (deleted since the token was issued).</summary>
    public static async Task<UserSummary> CallerAsync(this IUserDirectory users, Platform.Database.AppDb db, System.Security.Claims.ClaimsPrincipal principal,
        CancellationToken cancellationToken) =>
        await users.FindByCodeAsync(db, principal.Identity?.Name ?? "", cancellationToken) ?? throw Platform.Errors.ApiProblemException.Forbidden();
}
