using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Identity.Pages;

/// <summary>
/// The admin console's cookie session. The cookie (HttpOnly, SameSite=Strict, Secure outside Development, path
/// <c>/admin</c>) carries the same claims as an access token, among them the id of a session in the session
/// store, and every request checks that session exactly as a bearer token's is checked: logout, revocation,
/// a block, a role change (it ends every session) or a revoked platform end the console session at once.
/// A session idle for <c>AdminConsole:IdleMinutes</c> is ended in the store, not only in the browser.
/// </summary>
internal static class ConsoleSessions
{
    public const string CookieName = "cbz_console";

    public static IServiceCollection AddConsoleSessions(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(AdminPagesSetup.Scheme);
        services.AddOptions<CookieAuthenticationOptions>(AdminPagesSetup.Scheme).Configure<IOptions<AdminPagesOptions>>((cookie, console) =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.Path = AdminPagesSetup.CookiePath;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = console.Value.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(console.Value.IdleMinutes);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/admin/login";
            cookie.LogoutPath = "/admin/logout";
            cookie.ReturnUrlParameter = "next";
            cookie.Events.OnValidatePrincipal = ValidateAsync;
            cookie.Events.OnRedirectToAccessDenied = RefuseAsync;
        });
        services.AddAuthorizationBuilder().AddPolicy(AdminPagesSetup.Policy, policy => policy
            .AddAuthenticationSchemes(AdminPagesSetup.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(Hierarchy.ConsoleRoles)
            .RequireClaim(Tokens.PlatformClaim, Platforms.AdminPanel));
        return services;
    }

    /// <summary>The principal of a console session: the claims an access token of the same session carries.</summary>
    public static ClaimsPrincipal Principal(UserAccount user, UserSession session) => new(new ClaimsIdentity(
        [
            new Claim(Tokens.UserCodeClaim, user.UserCode),
            new Claim(Tokens.RoleClaim, user.Role),
            new Claim(Tokens.BranchClaim, user.BranchCode ?? ""),
            new Claim(Tokens.SessionClaim, session.Id.ToString()),
            new Claim(Tokens.PlatformClaim, session.Platform),
        ], AdminPagesSetup.Scheme, Tokens.UserCodeClaim, Tokens.RoleClaim));

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        if (!Guid.TryParse(context.Principal?.FindFirstValue(Tokens.SessionClaim), out var sessionId))
        {
            await EndAsync(context);
            return;
        }
        var db = services.GetRequiredService<AppDb>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var idle = TimeSpan.FromMinutes(services.GetRequiredService<IOptions<AdminPagesOptions>>().Value.IdleMinutes);
        if (await SessionStore.LastSeenIfActiveAsync(db, sessionId, now, context.HttpContext.RequestAborted) is not { } lastSeen)
        {
            await EndAsync(context);
            return;
        }
        if (lastSeen + idle < now)
        {
            await services.GetRequiredService<SessionStore>().RevokeAsync(db, sessionId, context.Principal!.Identity!.Name ?? "unknown", "idle", context.HttpContext.RequestAborted);
            await EndAsync(context);
            return;
        }
        await SessionStore.TouchAsync(db, sessionId, lastSeen, now, context.HttpContext.RequestAborted);
    }

    private static async Task EndAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(AdminPagesSetup.Scheme);
    }

    private static async Task RefuseAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Refused · CredbuzzPay console</title><link rel=\"icon\" href=\"data:,\">" +
            "<link rel=\"stylesheet\" href=\"/admin/assets/console.css\"></head><body><main><section class=\"refusal\"><h1>403 · Forbidden</h1>" +
            "<p>Your role may not open this page.</p><p><a href=\"/admin/\">Back to the dashboard</a></p></section></main></body></html>");
    }
}
