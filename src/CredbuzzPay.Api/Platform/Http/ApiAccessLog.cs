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
            var route = Metrics.MetricsEndpoint.MatchedRoute(context) ?? "(unmatched)";
            context.RequestServices.GetRequiredService<Metrics.RequestMetrics>().Record(new Metrics.RequestSample(
                DateTime.UtcNow, context.Request.Method, route, context.Response.StatusCode, elapsed));
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LogRoutes.AccessLogCategory);
            var userAgent = context.Request.Headers.UserAgent.ToString();
            logger.LogInformation(
                "{Method} {Path} {StatusCode} {ElapsedMs:0.0}ms user={UserCode} ip={ClientIp} ua=\"{UserAgent}\"",
                context.Request.Method,
                Quoted(context.Request.Path.Value ?? "", spaces: true),
                context.Response.StatusCode,
                elapsed,
                context.User.FindFirst(UserCodeClaim)?.Value ?? "-",
                ClientAddresses.Of(context) ?? "-",
                Quoted(userAgent.Length > 256 ? userAgent[..256] : userAgent));
        }
    }

    /// <summary>
    /// What a client sent, made safe to stand in one line of the log: backslash and double quote
    /// escaped, spaces in a path and every control or direction character written as \uXXXX, so
    /// that no value can end its field early or start a forged one.
    /// </summary>
    internal static string Quoted(string value, bool spaces = false)
    {
        var text = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                _ when SafeText.IsControl(c) || SafeText.IsDirection(c) || (spaces && c == ' ')
                    => text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }
        return text.ToString();
    }
}
