using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CredbuzzPay.Api.Platform.Http;

/// <summary>
/// Refuses, as problem+json, requests whose shape no endpoint accepts, before any work: a target
/// (path and query) over <see cref="MaxTargetBytes"/> (414), headers over <see cref="MaxHeaderBytes"/>
/// in total (431), and a JSON body in a charset other than UTF-8 (415; RFC 8259 §8.1 allows only
/// UTF-8 between systems, and an unknown charset made the JSON reader throw). Kestrel's own hard
/// limits are set higher (<see cref="KestrelLineAndHeaderBytes"/>) so that such requests reach this
/// check and get a body; beyond those, and for what Kestrel refuses as malformed HTTP (a NUL in the
/// path, a missing Host on HTTP/1.1), Kestrel answers itself with a bodiless status and closes.
/// </summary>
internal static class RequestShape
{
    public const int MaxTargetBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int KestrelLineAndHeaderBytes = 128 * 1024;

    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var refusal = TargetLength(request) > MaxTargetBytes
            ? (StatusCodes.Status414UriTooLong, "URI Too Long", $"The path and query string are longer than {MaxTargetBytes / 1024} KB.")
            : HeaderLength(request) > MaxHeaderBytes
                ? (StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request Header Fields Too Large", $"The request headers are larger than {MaxHeaderBytes / 1024} KB in total.")
                : !JsonCharsetAccepted(request.ContentType)
                    ? (StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type", "Send JSON as UTF-8 (Content-Type: application/json, with no charset or charset=utf-8).")
                    : QueryProblem(request) is { } query
                        ? (StatusCodes.Status400BadRequest, "Bad Request", "The query string: " + query)
                        : ((int Status, string Title, string Detail)?)null;
        if (refusal is { } problem)
        {
            context.Response.StatusCode = problem.Status;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = problem.Status, Title = problem.Title, Detail = problem.Detail },
            });
            return;
        }
        await next(context);
    }

    /// <summary>The same character rule as for body text (<see cref="SafeText"/>), on every decoded query value.</summary>
    private static string? QueryProblem(HttpRequest request) =>
        request.QueryString.HasValue
            ? request.Query.SelectMany(q => q.Value.Prepend(q.Key)).Select(v => v is null ? null : SafeText.Problem(v)).FirstOrDefault(p => p is not null)
            : null;

    private static long TargetLength(HttpRequest request) =>
        Encoding.UTF8.GetByteCount(request.Path.Value ?? "") + Encoding.UTF8.GetByteCount(request.QueryString.Value ?? "");

    private static long HeaderLength(HttpRequest request)
    {
        long total = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                total += name.Length + 4 + (value?.Length ?? 0);
            }
        }
        return total;
    }

    /// <summary>True unless the body is JSON declared in a charset other than UTF-8.</summary>
    internal static bool JsonCharsetAccepted(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return true;
        }
        var json = media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true;
        if (!json || !media.Charset.HasValue)
        {
            return true;
        }
        var charset = media.Charset.Value.Trim('"');
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
