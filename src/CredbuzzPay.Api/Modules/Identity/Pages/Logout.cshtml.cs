using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.AdminPages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Identity.Pages;

/// <summary><c>/admin/logout</c>: ends the session in the store (as auth/logout does) and removes the cookie. A GET asks first (a link must not sign anyone out).</summary>
[ApiRule(ApiRuleAttribute.AnyConsoleUser)]
internal sealed class LogoutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromServices] SessionStore sessions, [FromServices] Platform.Database.AppDb db, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(User.FindFirst(Tokens.SessionClaim)?.Value, out var sessionId))
        {
            await sessions.RevokeAsync(db, sessionId, User.Identity?.Name ?? "unknown", "logout", cancellationToken);
        }
        await HttpContext.SignOutAsync(AdminPagesSetup.Scheme);
        return LocalRedirect("/admin/login");
    }
}
