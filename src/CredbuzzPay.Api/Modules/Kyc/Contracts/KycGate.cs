using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;

namespace CredbuzzPay.Api.Modules.Kyc.Contracts;

/// <summary>
/// The check that features and money movement needing KYC put on their endpoints: the caller's
/// overall KYC status (kept on the user by the KYC module) must be <c>verified</c>; anything else
/// answers 403 with what to do. Read fresh from the database on every call, so a rejection counts at once.
/// </summary>
public static class KycGate
{
    public const string RequiredDetail = "KYC verification required: complete and get all four KYC sections verified first (see kyc/resume).";

    /// <summary>Refuses callers whose KYC is not verified.</summary>
    public static TBuilder RequireVerifiedKyc<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            await EnsureVerifiedAsync(context.HttpContext.User, context.HttpContext.RequestServices, context.HttpContext.RequestAborted);
            return await next(context);
        });

    public static async Task EnsureVerifiedAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<IUserDirectory>();
        var db = services.GetRequiredService<AppDb>();
        var user = await users.FindByCodeAsync(db, principal.Identity?.Name ?? "", cancellationToken);
        if (user?.KycStatus != OverallKycStatuses.Verified)
        {
            throw ApiProblemException.Forbidden(RequiredDetail);
        }
    }
}
