using System.Text.Json.Serialization;
using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Errors;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;

/// <summary>Whose role and which: <c>user_code</c> or seed 003's <c>user_id</c>; <c>new_role</c> or <c>role</c>.</summary>
public sealed record RoleChangeRequest(string? UserCode, string? NewRole, string? Role, string? UserId = null)
{
    [JsonIgnore] public string? Target => UserCode ?? UserId;
}

/// <summary>
/// Every role action answers the previous and new role (seed 003 #25); <c>role</c> and
/// <c>assigned_at</c> answer assign_role (#26), <c>role</c> and <c>revoked_at</c> revoke_role (#27).
/// </summary>
public sealed record RoleChangeResponse(string UserId, string UserCode, string PreviousRole, string NewRole, DateTime ChangedAt, string? Role = null,
    DateTime? AssignedAt = null, DateTime? RevokedAt = null);

internal sealed class RoleChangeRequestValidator : AbstractValidator<RoleChangeRequest>
{
    private static readonly string[] Known = [Roles.MasterSuperadmin, Roles.SuperAdmin, Roles.Admin, Roles.Auditor, Roles.User];

    public RoleChangeRequestValidator()
    {
        RuleFor(r => r.Target).NotEmpty().OverridePropertyName("user_code").WithMessage("The user_code (or user_id) is required.");
        RuleFor(r => r.NewRole ?? r.Role).Must(r => r is null || Known.Contains(r)).WithName("role")
            .WithMessage("Role must be master_superadmin, super_admin, admin, auditor or user.");
    }
}

/// <summary>
/// Seed 003 #25-#27: change_role and assign_role set a role (new_role or role), revoke_role takes the
/// named role away (the user returns to <c>user</c>; 409 when they do not hold it); each answers the previous and new role. The new role must be one the actor may
/// grant, the target one the actor manages; the last active master_superadmin keeps the role. The
/// target's sessions end, so their next token carries the new role.
/// </summary>
internal static class RoleEndpoints
{
    public static void MapRoleEndpoints(this IEndpointRouteBuilder api)
    {
        var roles = api.MapGroup("/admin/roles").WithTags("User administration").RequireStaff(Roles.SuperAdmin);
        roles.MapPost("/change_role", (RoleChangeRequest r, ClaimsPrincipal p, StaffActions s, SessionStore sessions, CancellationToken ct) =>
            ChangeAsync(r.Target, r.NewRole ?? r.Role, p, s, sessions, ct)).Validate<RoleChangeRequest>().WithSummary("{user_code, new_role}");
        roles.MapPost("/assign_role", async (RoleChangeRequest r, ClaimsPrincipal p, StaffActions s, SessionStore sessions, CancellationToken ct) =>
        {
            var changed = (await ChangeAsync(r.Target, r.Role ?? r.NewRole, p, s, sessions, ct)).Value!;
            return TypedResults.Ok(changed with { Role = changed.NewRole, AssignedAt = changed.ChangedAt });
        }).Validate<RoleChangeRequest>().WithSummary("{user_code, role}");
        roles.MapPost("/revoke_role", RevokeAsync).Validate<RoleChangeRequest>()
            .WithSummary("{user_code, role}: take away the role the user holds (they return to user); 409 when they do not hold it.");
    }

    private static async Task<Ok<RoleChangeResponse>> RevokeAsync(RoleChangeRequest request, ClaimsPrincipal principal, StaffActions staff, SessionStore sessions,
        CancellationToken cancellationToken)
    {
        var revoked = request.Role ?? request.NewRole ?? throw ApiProblemException.Validation("role", "Say which role to revoke.");
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, request.Target, manage: true, cancellationToken);
        if (revoked == Roles.User || target.Role != revoked)
        {
            throw ApiProblemException.Conflict("role", $"The user does not hold the role {revoked}.");
        }
        var changed = (await ChangeAsync(request.Target, Roles.User, principal, staff, sessions, cancellationToken)).Value!;
        return TypedResults.Ok(changed with { Role = revoked, RevokedAt = changed.ChangedAt });
    }

    internal static async Task<Ok<RoleChangeResponse>> ChangeAsync(string? userCode, string? role, ClaimsPrincipal principal, StaffActions staff, SessionStore sessions,
        CancellationToken cancellationToken)
    {
        if (role is null)
        {
            throw ApiProblemException.Validation("role", "Say which role.");
        }
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, userCode, manage: true, cancellationToken);
        if (!Hierarchy.CanGrant(actor, role))
        {
            throw ApiProblemException.Forbidden($"You cannot grant the role {role}.");
        }
        if (target.Role == role)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", $"The user already has the role {role}.");
        }
        await using var transaction = await staff.Db.BeginTransactionAsync(cancellationToken);
        await LastMaster.EnsureNotLastAsync(staff.Db, target, cancellationToken);
        var now = staff.Now;
        await staff.Db.GetTable<UserAccount>().Where(u => u.Id == target.Id).Set(u => u.Role, role).Set(u => u.UpdatedAt, now).UpdateAsync(cancellationToken);
        await sessions.RevokeAllAsync(staff.Db, target.Id, actor.UserCode, "role_changed", null, cancellationToken);
        await staff.RecordAsync(actor, "user.role_changed", target, new { role = target.Role }, new { role }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new RoleChangeResponse(target.UserCode, target.UserCode, target.Role, role, now));
    }
}

/// <summary>The last active master_superadmin can be neither demoted, blocked nor deleted.</summary>
internal static class LastMaster
{
    public static async Task EnsureNotLastAsync(LinqToDB.Data.DataConnection db, UserAccount target, CancellationToken cancellationToken)
    {
        if (target.Role != Roles.MasterSuperadmin)
        {
            return;
        }
        var others = await db.GetTable<UserAccount>().CountAsync(u => u.Role == Roles.MasterSuperadmin && u.Id != target.Id && u.Status == UserStatuses.Active && u.DeletedAt == null, cancellationToken);
        if (others == 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "This is the last active master_superadmin.");
        }
    }
}
