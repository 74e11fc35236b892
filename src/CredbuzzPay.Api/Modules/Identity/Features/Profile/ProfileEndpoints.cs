using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.Profile;

public sealed record MyProfileResponse(string UserCode, string Email, string Mobile, string FirstName, string LastName, string Role, string Tier,
    string? BranchCode, string KycStatus, string AccountStatus, DateTime? LastLogin, DateTime CreatedAt);

internal static class ProfileEndpoints
{
    public static void MapProfileEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/user/profile/my_profile", MyProfileAsync).RequireAuthorization().WithTags("Profile")
            .WithSummary("The signed-in user's own profile.");
    }

    private static async Task<Ok<MyProfileResponse>> MyProfileAsync(ClaimsPrincipal principal, AppDb db, CancellationToken cancellationToken)
    {
        var userCode = principal.FindFirstValue(Tokens.UserCodeClaim);
        var profile = await db.GetTable<UserAccount>()
            .Where(u => u.UserCode == userCode && u.DeletedAt == null)
            .Select(u => new MyProfileResponse(u.UserCode, u.Email, u.Mobile, u.FirstName, u.LastName, u.Role, u.Tier, u.BranchCode, u.KycStatus, u.Status, u.LastLoginAt, u.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw ApiProblemException.NotFound();
        return TypedResults.Ok(profile);
    }
}
