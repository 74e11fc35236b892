using System.Security.Claims;
using CredbuzzPay.Api.Modules.Access.Contracts;
using CredbuzzPay.Api.Modules.Access.Data;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Access.Features;

public sealed record FeatureRequest(string? FeatureCode, string? Name, string? Description, bool? Active, bool? GrantedByDefault);

public sealed record FeatureView(string FeatureCode, string Name, string? Description, bool Active, bool GrantedByDefault, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record FeatureAccessRequest(string? FeatureCode, string? Action);

public sealed record FeatureAccessItem(string FeatureCode, string Name, bool FeatureActive, bool? ExplicitGrant, bool Effective);

public sealed record FeatureAccessResponse(string UserCode, IReadOnlyList<FeatureAccessItem> Features);

public sealed record PermissionsResponse(string UserCode, string Role, string Tier, string? BranchCode, string Status, IReadOnlyList<string> Features, IReadOnlyList<string> Platforms);

internal sealed class FeatureRequestValidator : AbstractValidator<FeatureRequest>
{
    public FeatureRequestValidator()
    {
        RuleFor(r => r.FeatureCode).Matches("^[a-z][a-z0-9_]{1,63}$").When(r => r.FeatureCode is not null).WithMessage("2 to 64 lower-case letters, digits or _, starting with a letter.");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100).When(r => r.Name is not null).WithMessage("A name of at most 100 characters.");
        RuleFor(r => r.Description).MaximumLength(500);
    }
}

internal sealed class FeatureAccessRequestValidator : AbstractValidator<FeatureAccessRequest>
{
    public FeatureAccessRequestValidator()
    {
        RuleFor(r => r.FeatureCode).NotEmpty().WithMessage("The feature_code is required.");
        RuleFor(r => r.Action).Must(a => a is "grant" or "revoke").WithMessage("Action must be grant or revoke.");
    }
}

/// <summary>Features (seed 000), per-user feature access and the effective permissions view.</summary>
internal static class FeatureEndpoints
{
    public static void MapFeatureEndpoints(this IEndpointRouteBuilder api)
    {
        var features = api.MapGroup("/features").WithTags("Features");
        features.MapPost("/", CreateAsync).RequireStaff(Roles.SuperAdmin).Validate<FeatureRequest>().WithSummary("{feature_code, name, description, active, granted_by_default}");
        features.MapGet("/", ListAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Features, paginated.");
        features.MapPut("/{featureCode}", UpdateAsync).RequireStaff(Roles.SuperAdmin).Validate<FeatureRequest>().WithSummary("Change name, description, active, default.");
        features.MapDelete("/{featureCode}", DeleteAsync).RequireStaff(Roles.SuperAdmin).WithSummary("Soft delete: refused for everyone from then on.");
        features.MapPost("/{featureCode}/restore", RestoreAsync).RequireStaff(Roles.SuperAdmin).WithSummary("Bring back a deleted feature.");

        var user = api.MapGroup("/users/{userCode}").WithTags("Access control");
        user.MapGet("/feature-access", AccessAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Each feature: explicit grant, effective answer.");
        user.MapPost("/feature-access", ChangeAccessAsync).RequireStaff(Roles.Admin).Validate<FeatureAccessRequest>()
            .WithSummary("{feature_code, action: grant|revoke}; you grant only features you hold yourself.");
        user.MapGet("/permissions", PermissionsAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Effective role, branch, features and platforms.");
    }

    private static FeatureView View(Feature f) => new(f.FeatureCode, f.Name, f.Description, f.Active, f.GrantedByDefault, f.CreatedAt, f.UpdatedAt);

    internal static async Task<Feature> FindAsync(AccessAdmin admin, string code, bool deleted, CancellationToken cancellationToken) =>
        await admin.Db.GetTable<Feature>().FirstOrDefaultAsync(f => f.FeatureCode == code && (deleted ? f.DeletedAt != null : f.DeletedAt == null), cancellationToken)
        ?? throw ApiProblemException.NotFound("No such feature.");

    internal static async Task<Created<FeatureView>> CreateAsync(FeatureRequest request, ClaimsPrincipal principal, AccessAdmin admin, CancellationToken cancellationToken)
    {
        if (request.FeatureCode is null || request.Name is null)
        {
            throw ApiProblemException.Validation(request.FeatureCode is null ? "feature_code" : "name", "Required.");
        }
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var now = admin.Now;
        var feature = new Feature
        {
            FeatureCode = request.FeatureCode, Name = request.Name.Trim(), Description = request.Description, Active = request.Active ?? true,
            GrantedByDefault = request.GrantedByDefault ?? false, CreatedAt = now, UpdatedAt = now,
        };
        await using var transaction = await admin.Db.BeginTransactionAsync(cancellationToken);
        try
        {
            await admin.Db.InsertAsync(feature, token: cancellationToken);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw ApiProblemException.Conflict("feature_code", "This feature code is taken (perhaps by a deleted feature: restore it).");
        }
        await admin.RecordAsync(actor, "feature.created", "feature", feature.FeatureCode, null, View(feature), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/features/{feature.FeatureCode}", View(feature));
    }

    internal static async Task<Ok<Paged<FeatureView>>> ListAsync([AsParameters] PageQuery paging, HttpRequest http, AccessAdmin admin, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var query = admin.Db.GetTable<Feature>().Where(f => f.DeletedAt == null);
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(f => f.FeatureCode).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(View).ToList()));
    }

    internal static async Task<Ok<FeatureView>> UpdateAsync(string featureCode, FeatureRequest request, ClaimsPrincipal principal, AccessAdmin admin, CancellationToken cancellationToken)
    {
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var feature = await FindAsync(admin, featureCode, false, cancellationToken);
        if (request.FeatureCode is not null && request.FeatureCode != feature.FeatureCode)
        {
            throw ApiProblemException.Validation("feature_code", "A feature code never changes.");
        }
        var before = View(feature);
        feature.Name = request.Name?.Trim() ?? feature.Name;
        feature.Description = request.Description ?? feature.Description;
        feature.Active = request.Active ?? feature.Active;
        feature.GrantedByDefault = request.GrantedByDefault ?? feature.GrantedByDefault;
        feature.UpdatedAt = admin.Now;
        await using var transaction = await admin.Db.BeginTransactionAsync(cancellationToken);
        await admin.Db.UpdateAsync(feature, token: cancellationToken);
        await admin.RecordAsync(actor, "feature.updated", "feature", feature.FeatureCode, before, View(feature), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(feature));
    }

    internal static async Task<NoContent> DeleteAsync(string featureCode, ClaimsPrincipal principal, AccessAdmin admin, CancellationToken cancellationToken)
    {
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var feature = await FindAsync(admin, featureCode, false, cancellationToken);
        var now = admin.Now;
        await using var transaction = await admin.Db.BeginTransactionAsync(cancellationToken);
        await admin.Db.GetTable<Feature>().Where(f => f.FeatureCode == feature.FeatureCode).Set(f => f.DeletedAt, now).Set(f => f.DeletedBy, actor.UserCode).Set(f => f.UpdatedAt, now)
            .UpdateAsync(cancellationToken);
        await admin.RecordAsync(actor, "feature.deleted", "feature", feature.FeatureCode, View(feature), new { deleted_at = now }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<FeatureView>> RestoreAsync(string featureCode, ClaimsPrincipal principal, AccessAdmin admin, CancellationToken cancellationToken)
    {
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var feature = await FindAsync(admin, featureCode, true, cancellationToken);
        var now = admin.Now;
        await using var transaction = await admin.Db.BeginTransactionAsync(cancellationToken);
        await admin.Db.GetTable<Feature>().Where(f => f.FeatureCode == feature.FeatureCode).Set(f => f.DeletedAt, (DateTime?)null).Set(f => f.DeletedBy, (string?)null)
            .Set(f => f.UpdatedAt, now).UpdateAsync(cancellationToken);
        await admin.RecordAsync(actor, "feature.restored", "feature", feature.FeatureCode, new { deleted_at = feature.DeletedAt }, new { deleted_at = (DateTime?)null }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(feature));
    }

    internal static async Task<List<FeatureAccessItem>> ItemsAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var features = await db.GetTable<Feature>().Where(f => f.DeletedAt == null).OrderBy(f => f.FeatureCode).ToListAsync(cancellationToken);
        var grants = await db.GetTable<UserFeatureAccess>().Where(a => a.UserId == userId).ToDictionaryAsync(a => a.FeatureCode, a => a.Granted, cancellationToken);
        return features.Select(f =>
        {
            bool? grant = grants.TryGetValue(f.FeatureCode, out var g) ? g : null;
            return new FeatureAccessItem(f.FeatureCode, f.Name, f.Active, grant, f.Active && (grant ?? f.GrantedByDefault));
        }).ToList();
    }

    internal static async Task<Ok<FeatureAccessResponse>> AccessAsync(string userCode, ClaimsPrincipal principal, AccessAdmin admin, CancellationToken cancellationToken)
    {
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var target = await admin.TargetAsync(actor, userCode, manage: false, cancellationToken);
        return TypedResults.Ok(new FeatureAccessResponse(target.UserCode, await ItemsAsync(admin.Db, target.Id, cancellationToken)));
    }

    internal static async Task<Ok<FeatureAccessResponse>> ChangeAccessAsync(string userCode, FeatureAccessRequest request, ClaimsPrincipal principal, AccessAdmin admin,
        IFeatureAccess access, CancellationToken cancellationToken)
    {
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var target = await admin.TargetAsync(actor, userCode, manage: true, cancellationToken);
        var feature = await FindAsync(admin, request.FeatureCode!, false, cancellationToken);
        var grant = request.Action == "grant";
        if (grant && actor.Role != Roles.MasterSuperadmin && !await access.AllowsAsync(admin.Db, actor.Id, feature.FeatureCode, cancellationToken))
        {
            throw ApiProblemException.Forbidden("You cannot grant a feature you do not hold yourself.");
        }
        var now = admin.Now;
        await using var transaction = await admin.Db.BeginTransactionAsync(cancellationToken);
        var before = await admin.Db.GetTable<UserFeatureAccess>().Where(a => a.UserId == target.Id && a.FeatureCode == feature.FeatureCode).Select(a => (bool?)a.Granted)
            .FirstOrDefaultAsync(cancellationToken);
        await admin.Db.GetTable<UserFeatureAccess>().Where(a => a.UserId == target.Id && a.FeatureCode == feature.FeatureCode).DeleteAsync(cancellationToken);
        await admin.Db.InsertAsync(new UserFeatureAccess { UserId = target.Id, FeatureCode = feature.FeatureCode, Granted = grant, ChangedBy = actor.UserCode, UpdatedAt = now },
            token: cancellationToken);
        await admin.RecordAsync(actor, grant ? "feature.granted" : "feature.revoked", "user", target.UserCode,
            new { feature = feature.FeatureCode, granted = before }, new { feature = feature.FeatureCode, granted = grant }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new FeatureAccessResponse(target.UserCode, await ItemsAsync(admin.Db, target.Id, cancellationToken)));
    }

    internal static async Task<Ok<PermissionsResponse>> PermissionsAsync(string userCode, ClaimsPrincipal principal, AccessAdmin admin, IFeatureAccess access, IUserDirectory users,
        CancellationToken cancellationToken)
    {
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var target = await admin.TargetAsync(actor, userCode, manage: false, cancellationToken);
        return TypedResults.Ok(new PermissionsResponse(target.UserCode, target.Role, target.Tier, target.BranchCode, target.Status,
            await access.FeaturesOfAsync(admin.Db, target.Id, cancellationToken), await users.PlatformsAsync(admin.Db, target.Id, cancellationToken)));
    }
}
