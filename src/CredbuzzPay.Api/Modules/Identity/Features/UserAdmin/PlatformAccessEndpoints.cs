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

public sealed record AccessChangeRequest(string? Platform, string? Action);

public sealed record PlatformAccessView(string Platform, string Name, bool PlatformActive, bool Enabled, bool Effective);

public sealed record PlatformAccessResponse(string UserCode, IReadOnlyList<PlatformAccessView> Platforms);

internal sealed class AccessChangeRequestValidator : AbstractValidator<AccessChangeRequest>
{
    public AccessChangeRequestValidator()
    {
        RuleFor(r => r.Platform).Must(p => p is not null && Platforms.All.Contains(p)).WithMessage("Platform must be web, mobile_app, admin_panel or api.");
        RuleFor(r => r.Action).Must(a => a is "grant" or "revoke").WithMessage("Action must be grant or revoke.");
    }
}

/// <summary>
/// <c>users/{user_code}/platform-access</c>: which platforms a user may sign in on. A revocation ends the
/// user's sessions on that platform at once (the session check refuses the next request).
/// </summary>
internal static class PlatformAccessEndpoints
{
    public static void MapPlatformAccessEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/users/{userCode}").WithTags("Access control");
        group.MapGet("/platform-access", GetAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("The user's platforms: grant, the platform's own state, the effective answer.");
        group.MapPost("/platform-access", ChangeAsync).RequireStaff(Roles.Admin).Validate<AccessChangeRequest>().WithSummary("{platform, action: grant|revoke}");
    }

    private static async Task<Ok<PlatformAccessResponse>> GetAsync(string userCode, ClaimsPrincipal principal, StaffActions staff, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, userCode, manage: false, cancellationToken);
        return TypedResults.Ok(new PlatformAccessResponse(target.UserCode, await ViewsAsync(staff, target.Id, cancellationToken)));
    }

    internal static async Task<List<PlatformAccessView>> ViewsAsync(StaffActions staff, Guid userId, CancellationToken cancellationToken)
    {
        var platforms = await staff.Db.GetTable<PlatformRecord>().ToListAsync(cancellationToken);
        var grants = await staff.Db.GetTable<UserPlatformAccess>().Where(a => a.UserId == userId).ToDictionaryAsync(a => a.Platform, a => a.Enabled, cancellationToken);
        return Platforms.All.Select(code =>
        {
            var platform = platforms.FirstOrDefault(p => p.Platform == code);
            var enabled = grants.GetValueOrDefault(code, true);
            return new PlatformAccessView(code, platform?.Name ?? code, platform?.Active ?? true, enabled, enabled && (platform?.Active ?? true));
        }).ToList();
    }

    internal static async Task<Ok<PlatformAccessResponse>> ChangeAsync(string userCode, AccessChangeRequest request, ClaimsPrincipal principal, StaffActions staff,
        SessionStore sessions, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, userCode, manage: true, cancellationToken);
        var enabled = request.Action == "grant";
        var platform = request.Platform!;
        var now = staff.Now;
        await using var transaction = await staff.Db.BeginTransactionAsync(cancellationToken);
        var before = await staff.Db.GetTable<UserPlatformAccess>().Where(a => a.UserId == target.Id && a.Platform == platform).Select(a => (bool?)a.Enabled).FirstOrDefaultAsync(cancellationToken) ?? true;
        await staff.Db.GetTable<UserPlatformAccess>().Where(a => a.UserId == target.Id && a.Platform == platform).DeleteAsync(cancellationToken);
        await staff.Db.InsertAsync(new UserPlatformAccess { UserId = target.Id, Platform = platform, Enabled = enabled, ChangedBy = actor.UserCode, UpdatedAt = now }, token: cancellationToken);
        if (!enabled)
        {
            await staff.Db.GetTable<UserSession>().Where(s => s.UserId == target.Id && s.Platform == platform && s.RevokedAt == null)
                .Set(s => s.RevokedAt, now).Set(s => s.RevokedReason, "platform_revoked").UpdateAsync(cancellationToken);
        }
        await staff.RecordAsync(actor, enabled ? "platform.granted" : "platform.revoked", target, new { platform, enabled = before }, new { platform, enabled }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new PlatformAccessResponse(target.UserCode, await ViewsAsync(staff, target.Id, cancellationToken)));
    }
}
