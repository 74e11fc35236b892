using FluentValidation;

namespace CredbuzzPay.Api.Platform.Errors;

/// <summary>
/// Endpoint filter that validates the request body of type <typeparamref name="TRequest"/> with its
/// FluentValidation validator before the handler runs; a failure answers 400 with per-field messages.
/// </summary>
internal sealed class ValidationFilter<TRequest> : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<TRequest>>();
        foreach (var argument in context.Arguments)
        {
            if (argument is TRequest request)
            {
                var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
                if (!result.IsValid)
                {
                    return ValidationProblems.Result(result.Errors);
                }
            }
        }
        return await next(context);
    }
}

public static class ValidationEndpointExtensions
{
    /// <summary>Validates the <typeparamref name="TRequest"/> body with its registered validator.</summary>
    public static RouteHandlerBuilder Validate<TRequest>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<TRequest>>()
            .ProducesValidationProblem();
}
