using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CredbuzzPay.Api.Platform.Errors;

/// <summary>
/// The one place an exception becomes an HTTP answer: every one of them is problem+json. Client
/// mistakes get a 4xx with a message of ours (never the exception's own text, which could quote
/// input); anything else is a 500 that says nothing about the inside and is logged with its trace.
/// </summary>
internal sealed partial class ApiExceptionHandler : IExceptionHandler
{
    private readonly IProblemDetailsService _problems;
    private readonly ILogger<ApiExceptionHandler> _logger;

    public ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger)
    {
        _problems = problems;
        _logger = logger;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception, httpContext);
        if (problem is null)
        {
            return false;
        }
        if (DatabaseFaults.IsUnavailable(exception))
        {
            // The database is away or overloaded: a 503 the client may retry, logged once without its trace (the health check tells the rest).
            _logger.LogWarning("Database unavailable on {Method} {Path}: {Error}", httpContext.Request.Method, httpContext.Request.Path.Value, DatabaseFaults.Describe(exception));
            httpContext.Response.Headers.RetryAfter = "5";
        }
        else if (problem.Status >= 500)
        {
            _logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path.Value);
        }
        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await _problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails? Map(Exception exception, HttpContext context)
    {
        switch (exception)
        {
            case ApiProblemException api:
                return api.ToProblemDetails(context);
            case ValidationException validation:
                return ValidationProblems.From(validation.Errors);
            case BadHttpRequestException bad:
                return FromBadRequest(bad);
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                // The client went away; nobody reads this answer.
                return new ProblemDetails { Status = 499, Title = "Client Closed Request" };
            case var fault when DatabaseFaults.IsUnavailable(fault):
                return new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Service Unavailable",
                    Detail = "The service cannot reach its database right now. Nothing was changed by this request; try again in a few seconds.",
                    Extensions = { ["code"] = "database_unavailable" },
                };
            default:
                return new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "Internal Server Error",
                    Detail = "The server could not complete the request. Quote the correlation id when reporting it.",
                };
        }
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        switch (bad.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return new ProblemDetails { Status = 413, Title = "Payload Too Large", Detail = "The request body is larger than this endpoint accepts." };
            case StatusCodes.Status415UnsupportedMediaType:
                return new ProblemDetails
                {
                    Status = 415,
                    Title = "Unsupported Media Type",
                    Detail = bad.Message.Contains("form", StringComparison.OrdinalIgnoreCase)
                        ? "Send this form as multipart/form-data (its documents are files)."
                        : "Send the body as application/json.",
                };
        }
        if (bad.InnerException is JsonException json)
        {
            var field = JsonPaths.ToField(json.Path);
            var message = json.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase)
                ? "The request body names a field more than once."
                : "The request body is not valid JSON for this endpoint.";
            return field is null
                ? new ProblemDetails { Status = 400, Title = "Malformed request body", Detail = message }
                : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = ["This value has the wrong type or format."] })
                {
                    Status = 400,
                    Title = "Malformed request body",
                    Detail = message,
                };
        }
        // The framework's own messages name the parameter and may quote the value: only the name is kept.
        if (BindFailure().Match(bad.Message) is { Success: true } bind)
        {
            return FieldProblem(bind.Groups["name"].Value, "This value has the wrong type or format.");
        }
        if (RequiredMissing().Match(bad.Message) is { Success: true } required)
        {
            return FieldProblem(required.Groups["name"].Value, "This value is required.");
        }
        var formBroken = bad.Message.Contains("as form", StringComparison.Ordinal) || bad.InnerException is InvalidDataException or IOException;
        return new ProblemDetails
        {
            Status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400,
            Title = "Bad Request",
            Detail = formBroken ? "The multipart form could not be read: check its boundary and that the body is complete."
                : bad.StatusCode == 400 && bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "A JSON request body is required."
                : "The request could not be understood.",
        };
    }

    private static HttpValidationProblemDetails FieldProblem(string parameter, string message) =>
        new(new Dictionary<string, string[]> { [ValidationProblems.ToSnakePath(parameter)] = [message] })
        {
            Status = 400,
            Title = "Validation failed",
            Detail = "One or more fields are invalid.",
        };

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"[^\"]* (?<name>[A-Za-z_][A-Za-z0-9_]*)\" from")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();

    [System.Text.RegularExpressions.GeneratedRegex("^Required parameter \"[^\"]* (?<name>[A-Za-z_][A-Za-z0-9_]*)\" was not provided")]
    private static partial System.Text.RegularExpressions.Regex RequiredMissing();
}

/// <summary>Turns a System.Text.Json path (<c>$.bank.account_number</c>) into a field name (<c>bank.account_number</c>).</summary>
internal static class JsonPaths
{
    public static string? ToField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.TrimStart('$').TrimStart('.');
}
