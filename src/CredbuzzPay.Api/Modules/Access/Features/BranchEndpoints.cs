using System.Security.Claims;
using CredbuzzPay.Api.Modules.Access.Data;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

// ToLower below runs in SQL (linq2db translates it); the analyser's in-memory advice does not apply.
#pragma warning disable CA1862

namespace CredbuzzPay.Api.Modules.Access.Features;

public sealed record BranchRequest(string? BranchCode, string? Name, string? Address, string? City, string? State, string? Pincode, bool? Active);

public sealed record BranchView(string BranchCode, string Name, string? Address, string? City, string? State, string? Pincode, bool Active, DateTime CreatedAt, DateTime UpdatedAt);

internal sealed class BranchRequestValidator : AbstractValidator<BranchRequest>
{
    public BranchRequestValidator()
    {
        RuleFor(r => r.BranchCode).Matches("^[A-Za-z0-9_-]{2,32}$").When(r => r.BranchCode is not null).WithMessage("2 to 32 letters, digits, _ or -.");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100).When(r => r.Name is not null).WithMessage("A name of at most 100 characters.");
        RuleFor(r => r.Address).MaximumLength(300);
        RuleFor(r => r.City).MaximumLength(100);
        RuleFor(r => r.State).MaximumLength(100);
        RuleFor(r => r.Pincode).Matches("^[1-9][0-9]{5}$").When(r => r.Pincode is not null).WithMessage("A pincode is 6 digits and does not start with 0.");
    }
}

/// <summary>
/// Branches (seed 000): super_admin and above create, change, delete (soft) and restore them; admins
/// and auditors read, admins only their own. A branch with live users cannot be deleted.
/// </summary>
internal static class BranchEndpoints
{
    public static void MapBranchEndpoints(this IEndpointRouteBuilder api)
    {
        var branches = api.MapGroup("/branches").WithTags("Branches");
        branches.MapPost("/", CreateAsync).RequireStaff(Roles.SuperAdmin).Validate<BranchRequest>().WithSummary("{branch_code, name, address, city, state, pincode, active}");
        branches.MapGet("/", ListAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Branches in reach, paginated (?search=&active=).");
        branches.MapGet("/{branchCode}", GetAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("One branch.");
        branches.MapPut("/{branchCode}", UpdateAsync).RequireStaff(Roles.SuperAdmin).Validate<BranchRequest>().WithSummary("Change name, address or active.");
        branches.MapDelete("/{branchCode}", DeleteAsync).RequireStaff(Roles.SuperAdmin).WithSummary("Soft delete (refused while users belong to it).");
        branches.MapPost("/{branchCode}/restore", RestoreAsync).RequireStaff(Roles.SuperAdmin).WithSummary("Bring back a deleted branch.");
    }

    private static BranchView View(Branch b) => new(b.BranchCode, b.Name, b.Address, b.City, b.State, b.Pincode, b.Active, b.CreatedAt, b.UpdatedAt);

    internal static async Task<Created<BranchView>> CreateAsync(BranchRequest request, ClaimsPrincipal principal, AccessAdmin admin, CancellationToken cancellationToken)
    {
        if (request.BranchCode is null || request.Name is null)
        {
            throw ApiProblemException.Validation(request.BranchCode is null ? "branch_code" : "name", "Required.");
        }
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var now = admin.Now;
        var branch = new Branch
        {
            BranchCode = request.BranchCode.ToUpperInvariant(), Name = request.Name.Trim(), Address = request.Address, City = request.City, State = request.State,
            Pincode = request.Pincode, Active = request.Active ?? true, CreatedAt = now, UpdatedAt = now,
        };
        await using var transaction = await admin.Db.BeginTransactionAsync(cancellationToken);
        try
        {
            await admin.Db.InsertAsync(branch, token: cancellationToken);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw ApiProblemException.Conflict("branch_code", "This branch code is taken (perhaps by a deleted branch: restore it).");
        }
        await admin.RecordAsync(actor, "branch.created", "branch", branch.BranchCode, null, View(branch), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/branches/{branch.BranchCode}", View(branch));
    }

    internal static async Task<Ok<Paged<BranchView>>> ListAsync([Microsoft.AspNetCore.Mvc.FromQuery(Name = "search")] string? search,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "active")] bool? active, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal, AccessAdmin admin,
        CancellationToken cancellationToken)
    {
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var page = PageRequest.From(paging);
        var query = admin.Db.GetTable<Branch>().Where(b => b.DeletedAt == null);
        if (!Hierarchy.ReadsEveryBranch(actor))
        {
            var own = actor.BranchCode;
            query = query.Where(b => b.BranchCode == own);
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToLowerInvariant();
            query = query.Where(b => b.Name.ToLower().Contains(s) || b.BranchCode.ToLower().Contains(s) || (b.City != null && b.City.ToLower().Contains(s)));
        }
        if (active is { } flag)
        {
            query = query.Where(b => b.Active == flag);
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(b => b.BranchCode).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(View).ToList()));
    }

    internal static async Task<Branch> FindAsync(AccessAdmin admin, UserSummary actor, string code, bool deleted, CancellationToken cancellationToken)
    {
        var upper = code.ToUpperInvariant();
        var branch = await admin.Db.GetTable<Branch>().FirstOrDefaultAsync(b => b.BranchCode == upper && (deleted ? b.DeletedAt != null : b.DeletedAt == null), cancellationToken);
        var inReach = Hierarchy.ReadsEveryBranch(actor) || string.Equals(actor.BranchCode, upper, StringComparison.OrdinalIgnoreCase);
        return branch is not null && inReach ? branch : throw ApiProblemException.NotFound("No such branch.");
    }

    internal static async Task<Ok<BranchView>> GetAsync(string branchCode, ClaimsPrincipal principal, AccessAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(View(await FindAsync(admin, await admin.ActorAsync(principal, cancellationToken), branchCode, false, cancellationToken)));

    internal static async Task<Ok<BranchView>> UpdateAsync(string branchCode, BranchRequest request, ClaimsPrincipal principal, AccessAdmin admin, CancellationToken cancellationToken)
    {
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var branch = await FindAsync(admin, actor, branchCode, false, cancellationToken);
        if (request.BranchCode is not null && !string.Equals(request.BranchCode, branch.BranchCode, StringComparison.OrdinalIgnoreCase))
        {
            throw ApiProblemException.Validation("branch_code", "A branch code never changes.");
        }
        var before = View(branch);
        branch.Name = request.Name?.Trim() ?? branch.Name;
        branch.Address = request.Address ?? branch.Address;
        branch.City = request.City ?? branch.City;
        branch.State = request.State ?? branch.State;
        branch.Pincode = request.Pincode ?? branch.Pincode;
        branch.Active = request.Active ?? branch.Active;
        branch.UpdatedAt = admin.Now;
        await using var transaction = await admin.Db.BeginTransactionAsync(cancellationToken);
        await admin.Db.UpdateAsync(branch, token: cancellationToken);
        await admin.RecordAsync(actor, "branch.updated", "branch", branch.BranchCode, before, View(branch), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(branch));
    }

    internal static async Task<NoContent> DeleteAsync(string branchCode, ClaimsPrincipal principal, AccessAdmin admin, IUserDirectory users, CancellationToken cancellationToken)
    {
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var branch = await FindAsync(admin, actor, branchCode, false, cancellationToken);
        if (await users.CountInBranchAsync(admin.Db, branch.BranchCode, cancellationToken) > 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "Users still belong to this branch; move them first.");
        }
        var now = admin.Now;
        await using var transaction = await admin.Db.BeginTransactionAsync(cancellationToken);
        await admin.Db.GetTable<Branch>().Where(b => b.BranchCode == branch.BranchCode).Set(b => b.DeletedAt, now).Set(b => b.DeletedBy, actor.UserCode).Set(b => b.UpdatedAt, now)
            .UpdateAsync(cancellationToken);
        await admin.RecordAsync(actor, "branch.deleted", "branch", branch.BranchCode, View(branch), new { deleted_at = now }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<BranchView>> RestoreAsync(string branchCode, ClaimsPrincipal principal, AccessAdmin admin, CancellationToken cancellationToken)
    {
        var actor = await admin.ActorAsync(principal, cancellationToken);
        var branch = await FindAsync(admin, actor, branchCode, true, cancellationToken);
        var now = admin.Now;
        await using var transaction = await admin.Db.BeginTransactionAsync(cancellationToken);
        await admin.Db.GetTable<Branch>().Where(b => b.BranchCode == branch.BranchCode).Set(b => b.DeletedAt, (DateTime?)null).Set(b => b.DeletedBy, (string?)null)
            .Set(b => b.UpdatedAt, now).UpdateAsync(cancellationToken);
        await admin.RecordAsync(actor, "branch.restored", "branch", branch.BranchCode, new { deleted_at = branch.DeletedAt, deleted_by = branch.DeletedBy }, new { deleted_at = (DateTime?)null }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(branch));
    }
}
