using CredbuzzPay.Api.Platform.Secrets;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CredbuzzPay.Api.Platform.Security;

/// <summary>
/// Bearer JWT authentication (HMAC-SHA256 under <c>Secrets:Keys:JwtSigning</c>) and a deny-by-default
/// authorisation: an endpoint without its own rule requires a signed-in caller; public endpoints say
/// <c>AllowAnonymous()</c> explicitly.
/// </summary>
internal static class AuthenticationSetup
{
    public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, KeyRing, TimeProvider>((bearer, jwt, keys, clock) =>
            {
                bearer.MapInboundClaims = false;
                // A refused token is answered `Bearer error="invalid_token"` and nothing more: why it failed
                // (expired when, which key) helps an attacker, not a client, which only needs to sign in again.
                bearer.Events ??= new JwtBearerEvents();
                bearer.Events.OnChallenge = challenge =>
                {
                    challenge.ErrorDescription = null;
                    challenge.ErrorUri = null;
                    return Task.CompletedTask;
                };
                bearer.RequireHttpsMetadata = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Value.Issuer,
                    ValidAudience = jwt.Value.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(keys.GetArray(KeyNames.JwtSigning)),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(jwt.Value.ClockSkewSeconds),
                    RequireExpirationTime = true,
                    // The service's clock, not the machine's, so that expiry follows TimeProvider like every other rule.
                    LifetimeValidator = (notBefore, expires, _, parameters) =>
                    {
                        var now = clock.GetUtcNow().UtcDateTime;
                        return expires is not null
                            && expires.Value.ToUniversalTime() > now - parameters.ClockSkew
                            && (notBefore is null || notBefore.Value.ToUniversalTime() <= now + parameters.ClockSkew);
                    },
                    RequireSignedTokens = true,
                    NameClaimType = "user_code",
                    RoleClaimType = "role",
                };
            });
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ExplainedRefusals>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}
