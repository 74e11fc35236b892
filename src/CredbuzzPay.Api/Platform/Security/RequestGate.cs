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
        await next(context);
    }
}
