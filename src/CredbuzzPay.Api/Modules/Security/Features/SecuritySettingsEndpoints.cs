using System.Net;
using System.Security.Claims;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Security.Contracts;
using CredbuzzPay.Api.Modules.Security.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Security.Features;

public sealed record SecuritySettingsRequest(string? TwoFactorChannel, IReadOnlyList<string>? IpAllowList, bool? NewDeviceAlerts);

public sealed record SecuritySettingsResponse(string UserCode, string TwoFactorChannel, IReadOnlyList<string> IpAllowList, bool NewDeviceAlerts);

internal sealed class SecuritySettingsRequestValidator : AbstractValidator<SecuritySettingsRequest>
{
    public SecuritySettingsRequestValidator()
    {
        RuleFor(r => r.TwoFactorChannel).Must(c => c is null or "sms" or "email").WithMessage("The second factor goes by sms or email.");
        RuleFor(r => r.IpAllowList).Must(l => l is null || l.Count <= 20).WithMessage("At most 20 entries.");
        RuleForEach(r => r.IpAllowList).Must(e => IPNetwork.TryParse(e, out _) || IPAddress.TryParse(e, out _)).WithMessage("Each entry is an address or a CIDR network.");
    }
}

/// <summary>
/// <c>security/settings/{user_code}</c>: the user themselves, or staff who manage them, read and change
/// the second-factor channel, new-device alerts and (staff accounts only) the sign-in IP allow-list.
/// Auditors and other staff who can see the user may read.
/// </summary>
internal sealed class SecuritySettingsStore : ISecuritySettings
{
    public async Task<SecuritySettingsView> ForUserAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default)
    {
        var row = await db.GetTable<SecuritySettingsRecord>().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        return row is null ? SecuritySettingsView.Default : View(row);
    }

    internal static SecuritySettingsView View(SecuritySettingsRecord row) =>
        new(row.TwoFactorChannel, (row.IpAllowList ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), row.NewDeviceAlerts);

    public static void Map(IEndpointRouteBuilder api)
    {
        var settings = api.MapGroup("/security/settings/{userCode}").RequireAuthorization().WithTags("Security");
        settings.MapGet("", GetAsync).WithSummary("Second-factor channel, IP allow-list (staff), new-device alerts.");
        settings.MapPost("", ChangeAsync).Validate<SecuritySettingsRequest>().WithSummary("{two_factor_channel: sms|email, ip_allow_list: [...], new_device_alerts}");
    }

    private static async Task<(UserSummary Actor, UserSummary Target)> ResolveAsync(string userCode, bool change, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        CancellationToken cancellationToken)
    {
        var actor = await users.CallerAsync(db, principal, cancellationToken);
        var target = await users.FindByCodeAsync(db, userCode.ToUpperInvariant(), cancellationToken);
        if (target is not null && target.Id == actor.Id)
        {
            return (actor, target);
        }
        // Staff on a staff platform see the users in their reach (else 404, as everywhere); they change only those they manage (else 403).
        if (target is null || !StaffAccess.OnStaffPlatform(principal) || actor.Role == Roles.User || !Hierarchy.Sees(actor, target))
        {
            throw ApiProblemException.NotFound("No such user in your reach.");
        }
        return !change || Hierarchy.CanManage(actor, target)
            ? (actor, target)
            : throw ApiProblemException.Forbidden("This user is at or above your level, or not yours to manage.");
    }

    private static async Task<Ok<SecuritySettingsResponse>> GetAsync(string userCode, ClaimsPrincipal principal, AppDb db, IUserDirectory users, ISecuritySettings store,
        CancellationToken cancellationToken)
    {
        var (_, target) = await ResolveAsync(userCode, change: false, principal, db, users, cancellationToken);
        var view = await store.ForUserAsync(db, target.Id, cancellationToken);
        return TypedResults.Ok(new SecuritySettingsResponse(target.UserCode, view.TwoFactorChannel, view.IpAllowList, view.NewDeviceAlerts));
    }

    private static async Task<Ok<SecuritySettingsResponse>> ChangeAsync(string userCode, SecuritySettingsRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        ISecuritySettings store, IAuditTrail audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (actor, target) = await ResolveAsync(userCode, change: true, principal, db, users, cancellationToken);
        if (request.IpAllowList is { Count: > 0 } && target.Role == Roles.User)
        {
            throw ApiProblemException.Validation("ip_allow_list", "The IP allow-list is for staff accounts.");
        }
        var before = await store.ForUserAsync(db, target.Id, cancellationToken);
        var row = new SecuritySettingsRecord
        {
            UserId = target.Id,
            TwoFactorChannel = request.TwoFactorChannel ?? before.TwoFactorChannel,
            IpAllowList = string.Join(',', (request.IpAllowList ?? before.IpAllowList).Select(e => e.Trim())),
            NewDeviceAlerts = request.NewDeviceAlerts ?? before.NewDeviceAlerts,
            UpdatedBy = actor.UserCode,
            UpdatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var after = View(row);
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            await db.GetTable<SecuritySettingsRecord>().Where(s => s.UserId == target.Id).DeleteAsync(cancellationToken);
            await db.InsertAsync(row, token: cancellationToken);
            await audit.RecordAsync(db, new AuditEvent("security.settings_changed", "user", target.UserCode, new { before, after }, actor.UserCode), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return TypedResults.Ok(new SecuritySettingsResponse(target.UserCode, after.TwoFactorChannel, after.IpAllowList, after.NewDeviceAlerts));
    }
}
