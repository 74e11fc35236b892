using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>
/// The authorisation rules the API's endpoints declare, looked up by <c>"METHOD /pattern"</c>: a console
/// page or action is allowed exactly when the API endpoint that does the same thing would allow the
/// same caller (the console's cookie principal carries the same claims as a bearer token).
/// </summary>
public sealed class ApiRules
{
    private readonly EndpointDataSource _endpoints;
    private readonly IAuthorizationPolicyProvider _policies;
    private readonly IAuthorizationService _authorization;
    private readonly Lazy<Task<FrozenDictionary<string, AuthorizationPolicy?>>> _rules;

    public ApiRules(EndpointDataSource endpoints, IAuthorizationPolicyProvider policies, IAuthorizationService authorization)
    {
        _endpoints = endpoints;
        _policies = policies;
        _authorization = authorization;
        _rules = new Lazy<Task<FrozenDictionary<string, AuthorizationPolicy?>>>(BuildAsync);
    }

    /// <summary>Whether <paramref name="user"/> passes the rule (<see cref="ApiRuleAttribute.AnyConsoleUser"/>: any signed-in console user).</summary>
    public async Task<bool> AllowsAsync(ClaimsPrincipal user, string rule)
    {
        if (rule == ApiRuleAttribute.AnyConsoleUser)
        {
            return user.Identity?.IsAuthenticated == true;
        }
        var rules = await _rules.Value;
        if (!rules.TryGetValue(rule, out var policy))
        {
            throw new InvalidOperationException($"The console names the API rule '{rule}', which no endpoint declares.");
        }
        return policy is null || (await _authorization.AuthorizeAsync(user, null, policy)).Succeeded;
    }

    /// <summary>Every rule known, for the start-up check that each console page names a real endpoint.</summary>
    public async Task<IReadOnlyCollection<string>> KnownAsync() => (await _rules.Value).Keys;

    private async Task<FrozenDictionary<string, AuthorizationPolicy?>> BuildAsync()
    {
        var rules = new Dictionary<string, AuthorizationPolicy?>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in _endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }
            // An anonymous endpoint needs no rule (null); otherwise its declared policies, or the deny-by-default fallback.
            var policy = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null ? null
                : await AuthorizationPolicy.CombineAsync(_policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                    endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()) ?? await _policies.GetFallbackPolicyAsync();
            foreach (var method in methods)
            {
                rules[$"{method} {pattern}"] = policy;
            }
        }
        return rules.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
