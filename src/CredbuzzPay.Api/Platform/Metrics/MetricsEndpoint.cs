using Microsoft.Extensions.Options;
using Prometheus;

namespace CredbuzzPay.Api.Platform.Metrics;

/// <summary>
/// <c>/metrics</c> in Prometheus text format (prometheus-net: HTTP request counts and durations by
/// route, .NET runtime figures), served only when <c>Metrics:Enabled</c> and only to the client
/// addresses in <c>Metrics:AllowedNetworks</c> (loopback by default); anyone else gets a 404 as if
/// it did not exist. It carries no user data: routes are patterns, not paths.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>Where the matched route pattern is kept for the request statistics (the exception handler clears the endpoint before the access log sees it).</summary>
    public const string RouteItem = "credbuzz.route";

    public static Task Gate(HttpContext context, RequestDelegate next)
    {
        if ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } pattern)
        {
            context.Items[RouteItem] = "/" + pattern.TrimStart('/');
        }
        if (context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase))
        {
            var options = context.RequestServices.GetRequiredService<IOptionsMonitor<MetricsOptions>>().CurrentValue;
            if (!options.Enabled || !options.Allows(context.Connection.RemoteIpAddress))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
        }
        return next(context);
    }

    /// <summary>The route pattern the request matched (kept past the exception handler), or null.</summary>
    public static string? MatchedRoute(HttpContext context) => context.Items.TryGetValue(RouteItem, out var route) ? route as string : null;

    public static void Map(WebApplication app) =>
        app.MapMetrics(Path).AllowAnonymous().ExcludeFromDescription();
}
