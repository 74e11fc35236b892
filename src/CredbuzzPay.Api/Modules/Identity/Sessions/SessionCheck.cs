using CredbuzzPay.Api.Platform.Database;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace CredbuzzPay.Api.Modules.Identity.Sessions;

/// <summary>
/// Runs after a bearer token's signature and lifetime check: the token's session must still be open
/// and its user active, so logout, revocation, blocking and deletion take effect at once rather
/// than at the token's expiry.
/// </summary>
internal static class SessionCheck
{
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var sid = context.Principal?.FindFirst(Tokens.SessionClaim)?.Value;
        if (!Guid.TryParse(sid, out var sessionId))
        {
            context.Fail("The token names no session.");
            return;
        }
        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<AppDb>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (await SessionStore.LastSeenIfActiveAsync(db, sessionId, now, context.HttpContext.RequestAborted) is not { } lastSeen)
        {
            context.Fail("The session has ended.");
            return;
        }
        await SessionStore.TouchAsync(db, sessionId, lastSeen, now, context.HttpContext.RequestAborted);
    }
}
