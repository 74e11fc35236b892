using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace CredbuzzPay.Api.Platform.Security;

/// <summary>
/// A 403 from an endpoint's declared rule says which part of the rule the caller missed: the session's
/// platform (staff endpoints need admin_panel or api) or the role. It names only what the caller
/// already holds and what the endpoint publicly requires, nothing about any other account.
/// </summary>
internal sealed class ExplainedRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // The console's pages answer refusals as pages (its cookie scheme's own challenge and forbid).
        if (!authorizeResult.Forbidden || authorizeResult.AuthorizationFailure is not { } failure || context.User.Identity?.IsAuthenticated != true
            || context.Request.Path.StartsWithSegments("/admin"))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = 403, Title = "Forbidden", Detail = Explain(failure, context.User) },
        });
    }

    internal static string Explain(AuthorizationFailure failure, System.Security.Claims.ClaimsPrincipal user)
    {
        var reasons = new List<string>();
        foreach (var requirement in failure.FailedRequirements)
        {
            switch (requirement)
            {
                case RolesAuthorizationRequirement roles:
                    reasons.Add($"it needs the role {string.Join(", ", roles.AllowedRoles)} (yours: {user.FindFirst("role")?.Value ?? "none"})");
                    break;
                case ClaimsAuthorizationRequirement { ClaimType: "platform" } platform:
                    reasons.Add($"it needs a session opened on {string.Join(" or ", platform.AllowedValues ?? [])} (yours was opened on {user.FindFirst("platform")?.Value ?? "none"}); " +
                        $"sign in again with platform {platform.AllowedValues?.FirstOrDefault()}");
                    break;
            }
        }
        return reasons.Count == 0 ? "You may not do this." : "You may not do this: " + string.Join("; and ", reasons) + ".";
    }
}
