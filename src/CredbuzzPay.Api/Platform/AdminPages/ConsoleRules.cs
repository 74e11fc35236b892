using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using CredbuzzPay.Api.Platform.Errors;

namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>
/// Every console page handler runs behind the rule it names (<see cref="ApiRuleAttribute"/> on the handler,
/// else on the page; none at all is refused: deny by default), and a refusal a handler raises
/// (<see cref="ApiProblemException"/>, the API's own) is shown as a page with the same status.
/// </summary>
internal sealed class ConsoleRules : IAsyncPageFilter
{
    public const string RefusedView = "/Platform/AdminPages/Refused.cshtml";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
        {
            await ExecuteAsync(context, next);
            return;
        }
        var rule = context.HandlerMethod?.MethodInfo.GetCustomAttributes(typeof(ApiRuleAttribute), false).OfType<ApiRuleAttribute>().FirstOrDefault()?.Rule
            ?? context.HandlerInstance.GetType().GetCustomAttributes(typeof(ApiRuleAttribute), false).OfType<ApiRuleAttribute>().FirstOrDefault()?.Rule;
        var rules = context.HttpContext.RequestServices.GetRequiredService<ApiRules>();
        if (rule is null || !await rules.AllowsAsync(context.HttpContext.User, rule))
        {
            context.Result = Refusal(context, new ApiProblemException(StatusCodes.Status403Forbidden, "Forbidden",
                "Your role may not do this here, as it may not through the API."));
            return;
        }
        await ExecuteAsync(context, next);
    }

    private static async Task ExecuteAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is ApiProblemException problem && !executed.ExceptionHandled)
        {
            executed.ExceptionHandled = true;
            executed.Result = Refusal(context, problem);
        }
    }

    /// <summary>The refusal page: the status, the API's message and each field's errors, and the way back.</summary>
    public static ViewResult Refusal(FilterContext context, ApiProblemException problem)
    {
        var metadata = context.HttpContext.RequestServices.GetRequiredService<IModelMetadataProvider>();
        if (problem.RetryAfter is { } wait)
        {
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return new ViewResult
        {
            ViewName = RefusedView,
            StatusCode = problem.Status,
            ViewData = new ViewDataDictionary<Refusal>(metadata, new ModelStateDictionary())
            {
                Model = new Refusal(problem.Status, problem.Title, problem.Message,
                    problem.Errors?.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")).ToList() ?? [], context.HttpContext.Request.Path),
            },
        };
    }
}

/// <summary>What the refusal page shows.</summary>
public sealed record Refusal(int Status, string Title, string Detail, IReadOnlyList<string> Errors, string BackTo);
