using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Modules.Identity.Passwords;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using CredbuzzPay.Api.Platform.Notifications;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;

public sealed record NewRetailerRequest(string? Email, string? Mobile, string? FirstName, string? LastName)
{
    /// <summary>The same user a staff member would create: role, tier, branch and parent are the distributor's to decide.</summary>
    internal CreateUserRequest AsUser(string branchCode) => new(Email, Mobile, FirstName, LastName, Roles.User, Tiers.Retailer, branchCode, null);
}

/// <summary>The field rules of staff-created users (checked by the handler after it knows the caller is a distributor).</summary>
internal sealed class NewRetailerRequestValidator : AbstractValidator<NewRetailerRequest>
{
    public NewRetailerRequestValidator(IValidator<CreateUserRequest> asUser) =>
        RuleFor(r => r).CustomAsync(async (request, context, cancellationToken) =>
        {
            foreach (var error in (await asUser.ValidateAsync(request.AsUser("-"), cancellationToken)).Errors)
            {
                context.AddFailure(error.PropertyName, error.ErrorMessage);
            }
        });
}

/// <summary>
/// Seed 002's network: a distributor lists the retailers under them and creates new ones (in the
/// distributor's branch, with the distributor as parent, activated by code like any created user).
/// </summary>
internal static class NetworkEndpoints
{
    public static void MapNetworkEndpoints(this IEndpointRouteBuilder api)
    {
        var network = api.MapGroup("/network/retailers").RequireAuthorization().WithTags("Network");
        network.MapGet("/", ListAsync).WithSummary("The signed-in distributor's retailers, paginated.");
        network.MapPost("/", CreateAsync).ProducesValidationProblem().WithSummary("Create a retailer under the signed-in distributor.");
    }

    private static async Task<UserSummary> DistributorAsync(ClaimsPrincipal principal, StaffActions staff, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        return actor.Tier == Tiers.Distributor && actor.Role == Roles.User ? actor : throw ApiProblemException.Forbidden("Only distributors have retailers.");
    }

    private static async Task<Ok<Paged<UserListItem>>> ListAsync([AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal, StaffActions staff,
        CancellationToken cancellationToken)
    {
        var distributor = await DistributorAsync(principal, staff, cancellationToken);
        var page = PageRequest.From(paging);
        var query = staff.Db.GetTable<UserAccount>().Where(u => u.ParentUserId == distributor.Id && u.DeletedAt == null);
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Skip(page.Skip).Take(page.PageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, await UserAdminEndpoints.WithWalletsAsync(staff, rows, cancellationToken)));
    }

    private static async Task<Created<CreateUserResponse>> CreateAsync(NewRetailerRequest request, ClaimsPrincipal principal, StaffActions staff, PasswordHasher hasher,
        OtpService otp, IOutbox outbox, IValidator<NewRetailerRequest> validator, CancellationToken cancellationToken)
    {
        var distributor = await DistributorAsync(principal, staff, cancellationToken);
        var asUser = request.AsUser(distributor.BranchCode ?? "-");
        var check = await validator.ValidateAsync(request, cancellationToken);
        if (!check.IsValid)
        {
            throw ApiProblemException.Invalid(check.Errors);
        }
        if (distributor.BranchCode is null)
        {
            throw ApiProblemException.Unprocessable("You have no branch yet; ask your administrator.");
        }
        var parent = await staff.Db.GetTable<UserAccount>().FirstAsync(u => u.Id == distributor.Id, cancellationToken);
        var (user, activation) = await UserAdminEndpoints.NewUserAsync(staff, distributor,
            asUser,
            Roles.User, Tiers.Retailer, distributor.BranchCode, parent, hasher, otp, outbox, cancellationToken);
        return TypedResults.Created((string?)null,
            new CreateUserResponse(user.UserCode, Roles.User, Tiers.Retailer, distributor.BranchCode, activation, "Retailer created; an activation code went to their mobile."));
    }
}
