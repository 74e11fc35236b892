using System.Security.Claims;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.Profile;

/// <summary>
/// Seed 003 #17. <c>id</c> is the public user code; <c>profile_picture</c> is always null: the service keeps
/// no profile pictures (the KYC selfie is a document, served only to its owner and reviewers).
/// </summary>
public sealed record MyProfileResponse(string Id, string UserCode, string Email, string Mobile, string FirstName, string LastName, string? ProfilePicture, string Role,
    string Tier, string? BranchCode, string KycStatus, string AccountStatus, PostalAddress Address, DateTime? LastLogin, DateTime CreatedAt, string RiskProfile);

/// <summary>Seed 003 #20: <c>last_api_call</c> is the latest request of any of the user's sessions, to the minute.</summary>
public sealed record ActivityResponse(string UserId, string UserCode, DateTime? LastLogin, DateTime? LastApiCall, DateTime? LastSeen, int ActiveSessions,
    IReadOnlyList<AuditEntryView> Activities);

internal static class ProfileEndpoints
{
    private const int RecentActivities = 50;

    public static void MapProfileEndpoints(this IEndpointRouteBuilder api)
    {
        var profile = api.MapGroup("/user/profile").RequireAuthorization().WithTags("Profile");
        profile.MapGet("/my_profile", MyProfileAsync).WithSummary("The signed-in user's own profile.");
        profile.MapPut("/update_profile", UpdateAsync).Validate<UpdateProfileRequest>()
            .WithSummary("Change names and postal address (email and mobile changes need their own verification).");
        profile.MapGet("/get_activity", ActivityAsync).WithSummary("Last login, open sessions and the user's own recent audited actions.");
    }

    private static async Task<Ok<MyProfileResponse>> MyProfileAsync(ClaimsPrincipal principal, AppDb db, SecretBox box, Fraud.Contracts.IRiskProfiles risk,
        CancellationToken cancellationToken)
    {
        var user = await CurrentAsync(db, principal, cancellationToken);
        return TypedResults.Ok(new MyProfileResponse(user.UserCode, user.UserCode, user.Email, user.Mobile, user.FirstName, user.LastName, null, user.Role, user.Tier,
            user.BranchCode, user.KycStatus, user.Status, UserAddresses.Open(box, user.Id, user.AddressEncrypted), user.LastLoginAt, user.CreatedAt,
            await risk.ProfileAsync(db, user.Id, cancellationToken)));
    }

    private static async Task<Ok<UpdateProfileResponse>> UpdateAsync(UpdateProfileRequest request, ClaimsPrincipal principal, UpdateProfile handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(request, principal.FindFirstValue(Tokens.UserCodeClaim)!, cancellationToken));

    private static async Task<Ok<ActivityResponse>> ActivityAsync(ClaimsPrincipal principal, AppDb db, IAuditReader audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await CurrentAsync(db, principal, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var open = db.GetTable<UserSession>().Where(s => s.UserId == user.Id && s.RevokedAt == null && Instants.After(s.ExpiresAt, now));
        var count = await open.CountAsync(cancellationToken);
        var lastSeen = count == 0 ? null : await open.MaxAsync(s => (DateTime?)s.LastSeenAt, cancellationToken);
        var activities = await audit.RecentByActorAsync(user.UserCode, RecentActivities, cancellationToken);
        return TypedResults.Ok(new ActivityResponse(user.UserCode, user.UserCode, user.LastLoginAt, lastSeen, lastSeen, count, activities));
    }

    internal static async Task<UserAccount> CurrentAsync(AppDb db, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userCode = principal.FindFirstValue(Tokens.UserCodeClaim);
        return await db.GetTable<UserAccount>().FirstOrDefaultAsync(u => u.UserCode == userCode && u.DeletedAt == null, cancellationToken)
            ?? throw ApiProblemException.NotFound();
    }
}
