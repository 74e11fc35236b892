namespace CredbuzzPay.Api.Platform.Errors;

/// <summary>
/// A refusal a handler raises when a rule says no; <see cref="ApiExceptionHandler"/> turns it into
/// problem+json. Messages are written for the client and must never carry a secret.
/// </summary>
public class ApiProblemException : Exception
{
    public ApiProblemException(int status, string title, string detail, IDictionary<string, string[]>? errors = null, TimeSpan? retryAfter = null, string? code = null)
        : base(detail)
    {
        Status = status;
        Title = title;
        Errors = errors;
        RetryAfter = retryAfter;
        Code = code;
    }

    /// <summary>A stable, machine-readable name for the refusal (<c>registration_complete</c>), answered as <c>code</c>.</summary>
    public string? Code { get; }

    /// <summary>The problem+json answer for this refusal (Retry-After set on <paramref name="context"/> when it has one).</summary>
    public Microsoft.AspNetCore.Mvc.ProblemDetails ToProblemDetails(HttpContext context)
    {
        if (RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var problem = Errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = Status, Title = Title, Detail = Message }
            : new HttpValidationProblemDetails(Errors) { Status = Status, Title = Title, Detail = Message };
        if (Code is not null)
        {
            problem.Extensions["code"] = Code;
        }
        foreach (var (name, value) in Extensions)
        {
            problem.Extensions[name] = value;
        }
        return problem;
    }

    /// <summary>More machine-readable members of the answer (<c>transaction_id</c>), beside <c>code</c>.</summary>
    public Dictionary<string, object?> Extensions { get; } = new(StringComparer.Ordinal);

    public int Status { get; }

    public string Title { get; }

    public IDictionary<string, string[]>? Errors { get; }

    public TimeSpan? RetryAfter { get; }

    public static ApiProblemException NotFound(string detail = "The resource was not found.") =>
        new(StatusCodes.Status404NotFound, "Not Found", detail);

    public static ApiProblemException Conflict(string field, string message) =>
        new(StatusCodes.Status409Conflict, "Conflict", message, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblemException Validation(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "Validation failed", "One or more fields are invalid.", new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>400 with several fields' errors at once (checks written by hand, all reported together).</summary>
    public static ApiProblemException Validation(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "Validation failed", "One or more fields are invalid.", errors);

    /// <summary>400 with every field error of a FluentValidation result (for bodies read by hand, such as forms).</summary>
    public static ApiProblemException Invalid(IEnumerable<FluentValidation.Results.ValidationFailure> failures) =>
        new(StatusCodes.Status400BadRequest, "Validation failed", "One or more fields are invalid.", ValidationProblems.From(failures).Errors);

    public static ApiProblemException PayloadTooLarge(string field, string message) =>
        new(StatusCodes.Status413PayloadTooLarge, "Payload Too Large", message, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblemException UnsupportedMediaType(string field, string message) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type", message, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblemException Unprocessable(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, "Unprocessable Entity", detail);

    public static ApiProblemException Forbidden(string detail = "You may not do this.") =>
        new(StatusCodes.Status403Forbidden, "Forbidden", detail);

    /// <summary>503 with Retry-After: the service is busy (a bounded resource is in use), not broken.</summary>
    public static ApiProblemException ServiceUnavailable(TimeSpan retryAfter, string detail) =>
        new(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", detail, retryAfter: retryAfter);

    public static ApiProblemException TooManyRequests(TimeSpan retryAfter, string detail = "Too many requests; try again later.") =>
        new(StatusCodes.Status429TooManyRequests, "Too Many Requests", detail, retryAfter: retryAfter);
}
