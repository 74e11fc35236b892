using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;

namespace CredbuzzPay.Api.Modules.Access.Contracts;

/// <summary>
/// Declares that an endpoint belongs to a feature: <c>.RequireFeature("kyc")</c>. A disabled or deleted
/// feature is refused for everyone, a user without the grant (explicit, or the feature's default) is
/// refused; both with 403 saying which feature. Read fresh on every request, so a revocation counts at once.
/// </summary>
public static class FeatureGate
{
    public static TBuilder RequireFeature<TBuilder>(this TBuilder builder, string featureCode) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var services = context.HttpContext.RequestServices;
            var db = services.GetRequiredService<AppDb>();
            var user = await services.GetRequiredService<IUserDirectory>().FindByCodeAsync(db, context.HttpContext.User.Identity?.Name ?? "", context.HttpContext.RequestAborted);
            var access = services.GetRequiredService<IFeatureAccess>();
            if (user is null || !await access.AllowsAsync(db, user.Id, featureCode, context.HttpContext.RequestAborted))
            {
                throw ApiProblemException.Forbidden($"The feature '{featureCode}' is not enabled for you.");
            }
            return await next(context);
        });
}

/// <summary>Feature checks for other modules.</summary>
public interface IFeatureAccess
{
    /// <summary>Whether the feature is active and granted to the user (explicitly or by default).</summary>
    Task<bool> AllowsAsync(AppDb db, Guid userId, string featureCode, CancellationToken cancellationToken = default);

    /// <summary>The codes of every active feature the user has.</summary>
    Task<IReadOnlyList<string>> FeaturesOfAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default);
}
