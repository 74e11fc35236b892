using System.Text.Json;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Platform.Errors;

/// <summary>Builds the 400 answer for failed validation, field names in snake_case as clients send them.</summary>
public static class ValidationProblems
{
    public static HttpValidationProblemDetails From(IEnumerable<ValidationFailure> failures)
    {
        var errors = failures
            .GroupBy(f => ToSnakePath(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
        return new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Validation failed",
            Detail = "One or more fields are invalid.",
        };
    }

    public static ProblemHttpResult Result(IEnumerable<ValidationFailure> failures) => TypedResults.Problem(From(failures));

    internal static string ToSnakePath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(part => JsonNamingPolicy.SnakeCaseLower.ConvertName(part)));
}
