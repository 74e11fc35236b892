using System.Text;
using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Ledger.Contracts;

/// <summary>
/// Marks a console page handler that moves money (or settles a held one): its form must carry the
/// <c>idempotency_key</c> the page drew for it, and the handler runs at most once per key (see <see cref="ConsoleIdempotencyFilter"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentFormAttribute : Attribute;

/// <summary>
/// <c>Idempotency-Key</c> for the console's money forms, kept in the same store as the API's (ledger_idempotency,
/// keys prefixed <c>console:</c>, per caller): a form sent twice (a double click, a refresh after a POST, a resend
/// after a network error) is acted on once. The second sending gets the first's outcome: the same redirect with
/// a note that nothing was done again, or the same refusal. The same key with other fields is a 422; a sending
/// while the first is still running is a 409. Runs after <see cref="ConsoleRules"/>, so a caller the rule refuses
/// claims nothing.
/// </summary>
internal sealed class ConsoleIdempotencyFilter : IAsyncPageFilter, IOrderedFilter
{
    public const string Field = "idempotency_key";
    private const string Prefix = "console:";

    public int Order => 100;

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod?.MethodInfo.GetCustomAttributes(typeof(IdempotentFormAttribute), false).Length is not > 0)
        {
            await next();
            return;
        }
        var http = context.HttpContext;
        var key = http.Request.HasFormContentType ? http.Request.Form[Field].ToString() : "";
        if (key.Length is < 16 or > 64 || key.Any(c => !char.IsAsciiLetterOrDigit(c)))
        {
            context.Result = ConsoleRules.Refusal(context, ApiProblemException.Validation(Field, "This form has lost its key; open the page again and resend it from there."));
            return;
        }
        var owner = http.User.Identity?.Name ?? throw ApiProblemException.Forbidden();
        var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
        var claim = await store.ClaimAsync(owner, Prefix + key, Hash(http), http.RequestAborted);
        switch (claim.Outcome)
        {
            case ClaimOutcome.Replay:
                context.Result = Replayed(context, claim.Record!);
                return;
            case ClaimOutcome.Reused:
                context.Result = ConsoleRules.Refusal(context, new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Form key reused",
                    "This form's key was used for another request; open the page again.", code: "idempotency_key_reused"));
                return;
            case ClaimOutcome.InFlight:
                context.Result = ConsoleRules.Refusal(context, new ApiProblemException(StatusCodes.Status409Conflict, "Request in progress",
                    "This form is still being acted on; look at the list again in a moment.", code: "idempotency_in_progress"));
                return;
            case ClaimOutcome.Committed:
                context.Result = ConsoleRules.Refusal(context, new ApiProblemException(StatusCodes.Status409Conflict, "Already carried out",
                    "This form was acted on before the service restarted; look at the list again.", code: "idempotency_committed"));
                return;
        }
        var held = new HeldClaim(owner, Prefix + key, claim.Attempt!);
        PageHandlerExecutedContext executed;
        try
        {
            using (IdempotencyClaims.Enter(held))
            {
                executed = await next();
            }
        }
        catch
        {
            await store.ReleaseAsync(held, CancellationToken.None);
            throw;
        }
        if (executed.Exception is ApiProblemException { Status: < 500 } refusal && !executed.ExceptionHandled)
        {
            await store.CompleteAsync(held, refusal.Status, null, null, refusal.Title + "\n" + refusal.Message);
        }
        else if (executed.Exception is not null && !executed.ExceptionHandled)
        {
            await store.ReleaseAsync(held, CancellationToken.None);
        }
        else
        {
            var location = executed.Result switch
            {
                LocalRedirectResult r => r.Url,
                RedirectResult r => r.Url,
                _ => ConsolePaging.Back(http.Request),
            };
            await store.CompleteAsync(held, StatusCodes.Status302Found, null, location, Done(context));
        }
    }

    private static IActionResult Replayed(PageHandlerExecutingContext context, Data.IdempotencyRecord record)
    {
        context.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.StatusCode >= 400)
        {
            var parts = (record.ResponseBody ?? "").Split('\n', 2);
            return ConsoleRules.Refusal(context, new ApiProblemException(record.StatusCode.Value, parts[0], parts.Length > 1 ? parts[1] : ""));
        }
        if (context.HandlerInstance is PageModel page)
        {
            page.TempData["done"] = "This form was sent before and was acted on then; nothing was done again. " + record.ResponseBody;
        }
        return new LocalRedirectResult(record.Location ?? ConsolePaging.Back(context.HttpContext.Request));
    }

    /// <summary>What the first sending reported (its note), given again with the replay.</summary>
    private static string Done(PageHandlerExecutingContext context) =>
        context.HandlerInstance is PageModel page && page.TempData.Peek("done") is string note ? note : "";

    /// <summary>The handler, the path and every form field but the antiforgery token and the key, sorted, under the keyed hash.</summary>
    private static string Hash(HttpContext http)
    {
        var text = new StringBuilder("console-idempotency\n").Append(http.Request.Path.Value).Append('\n').Append(http.Request.Query["handler"].ToString());
        foreach (var field in http.Request.Form.Where(f => f.Key is not (Field or "__RequestVerificationToken")).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append(field.Key).Append('=').Append(field.Value.ToString());
        }
        return IdempotencyFilter.KeyedHash(http.RequestServices, text.ToString());
    }
}
