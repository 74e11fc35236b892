using System.Diagnostics;
using CredbuzzPay.Api.Platform.Logging;

namespace CredbuzzPay.Api.Platform.Http;

/// <summary>
/// One api.log line per request: method, path (never the query string, which can carry secrets),
/// status, duration, user code, client IP, user agent and correlation id.
/// </summary>
internal static class ApiAccessLog
{
    public const string UserCodeClaim = "user_code";

    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var route = context.Items.TryGetValue(Metrics.MetricsEndpoint.RouteItem, out var matched) ? (string)matched! : "(unmatched)";
            context.RequestServices.GetRequiredService<Metrics.RequestMetrics>().Record(new Metrics.RequestSample(
                DateTime.UtcNow, context.Request.Method, route, context.Response.StatusCode, elapsed));
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LogRoutes.AccessLogCategory);
            var userAgent = context.Request.Headers.UserAgent.ToString();
            logger.LogInformation(
                "{Method} {Path} {StatusCode} {ElapsedMs:0.0}ms user={UserCode} ip={ClientIp} ua=\"{UserAgent}\"",
                context.Request.Method,
                context.Request.Path.Value,
                context.Response.StatusCode,
                elapsed,
                context.User.FindFirst(UserCodeClaim)?.Value ?? "-",
                ClientAddresses.Of(context) ?? "-",
                userAgent.Length > 256 ? userAgent[..256] : userAgent);
        }
    }
}
