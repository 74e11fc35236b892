using System.Text.RegularExpressions;
using Serilog.Context;

namespace CredbuzzPay.Api.Platform.Http;

/// <summary>
/// Gives every request a correlation id: the caller's <c>X-Correlation-ID</c> when it is a plain
/// token, a new UUIDv7 otherwise. It is echoed in the response, carried on every log line and audit
/// row, and quoted in every problem answer.
/// </summary>
public static partial class CorrelationId
{
    public const string Header = "X-Correlation-ID";

    /// <summary>The current request's id.</summary>
    public static string Of(HttpContext context) => context.TraceIdentifier;

    internal static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        var supplied = context.Request.Headers[Header].ToString();
        var id = supplied.Length is > 0 and <= 64 && SafeToken().IsMatch(supplied)
            ? supplied
            : Guid.CreateVersion7().ToString("N");
        context.TraceIdentifier = id;
        // Set when the answer starts: the exception handler clears headers set earlier.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        using (LogContext.PushProperty("CorrelationId", id))
        {
            await next(context);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeToken();
}
