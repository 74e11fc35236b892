using Microsoft.AspNetCore.Mvc;

namespace CredbuzzPay.Api.Platform.Security;

/// <summary>
/// A check every request passes before any work is done (the IP blocklist); modules register theirs.
/// Answers null to let the request through, or the refusal's detail for a 403.
/// </summary>
public interface IRequestGate
{
    ValueTask<string?> RefusalAsync(HttpContext context);
}

/// <summary>
/// Hears each answer after it has been sent (its status final): the security module counts refusals
/// with it. Observers run once the response is complete, so they never delay or change it; one that
/// fails is logged and the others still run. Registered as singletons: open your own connection.
/// </summary>
public interface IResponseObserver
{
    Task ObserveAsync(HttpContext context);
}

internal static class RequestGates
{
    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        foreach (var gate in context.RequestServices.GetServices<IRequestGate>())
        {
            if (await gate.RefusalAsync(context) is { } detail)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails { Status = 403, Title = "Forbidden", Detail = detail },
                });
                return;
            }
        }
        var observers = context.RequestServices.GetServices<IResponseObserver>().ToArray();
        if (observers.Length > 0)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestGates));
            context.Response.OnCompleted(() => ObserveAsync(context, observers, logger));
        }
        await next(context);
    }

    private static async Task ObserveAsync(HttpContext context, IResponseObserver[] observers, ILogger logger)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.ObserveAsync(context);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Response observer {Observer} failed", observer.GetType().Name);
            }
        }
    }
}
