using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Features.Login;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.Sessions;

public sealed record SessionView(Guid Id, string Platform, string? IpAddress, string? Device, DateTime CreatedAt, DateTime LastSeenAt, DateTime ExpiresAt, bool Current);

public sealed record LoginHistoryEntry(Guid Id, DateTime LoginTime, string? IpAddress, string Device, string Browser, string Os, string Status);

/// <summary>Seed 003 #33; <c>total_logins</c> counts the successful ones in the window.</summary>
public sealed record LoginHistoryResponse(string UserId, string UserCode, int TotalLogins, IReadOnlyList<LoginHistoryEntry> RecentLogins);

/// <summary>A user's own sessions and login history; another user's session is a 404.</summary>
internal static class SessionEndpoints
{
    private const int MaxHistory = 100;

    public static void MapSessionEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/auth/sessions", ListAsync).RequireAuthorization().WithTags("Sessions").WithSummary("The signed-in user's open sessions.");
        api.MapDelete("/auth/sessions/{id:guid}", EndAsync).RequireAuthorization().WithTags("Sessions").WithSummary("End one of your sessions.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/login-activity/get_my_login_history", HistoryAsync).RequireAuthorization().WithTags("Sessions")
            .WithSummary("Your sign-in attempts of the last `days` days (1-365, default 30), newest first, at most 100.");
    }

    private static async Task<Ok<IReadOnlyList<SessionView>>> ListAsync(ClaimsPrincipal principal, AppDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userId = await UserIdAsync(db, principal, cancellationToken);
        var current = Guid.TryParse(principal.FindFirstValue(Tokens.SessionClaim), out var sid) ? sid : Guid.Empty;
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = await db.GetTable<UserSession>()
            .Where(s => s.UserId == userId && s.RevokedAt == null && Instants.After(s.ExpiresAt, now))
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new SessionView(s.Id, s.Platform, s.IpAddress, s.Device, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.Id == current))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SessionView>>(sessions);
    }

    private static async Task<Ok<MessageResponse>> EndAsync(Guid id, ClaimsPrincipal principal, AppDb db, SessionStore sessions, CancellationToken cancellationToken)
    {
        var userId = await UserIdAsync(db, principal, cancellationToken);
        var owned = await db.GetTable<UserSession>().AnyAsync(s => s.Id == id && s.UserId == userId && s.RevokedAt == null, cancellationToken);
        if (!owned)
        {
            throw ApiProblemException.NotFound("No such session.");
        }
        await sessions.RevokeAsync(db, id, principal.FindFirstValue(Tokens.UserCodeClaim)!, "user_ended", cancellationToken);
        return TypedResults.Ok(new MessageResponse("Session ended"));
    }

    private static async Task<Ok<LoginHistoryResponse>> HistoryAsync(ClaimsPrincipal principal, AppDb db, TimeProvider clock, int? days, CancellationToken cancellationToken)
    {
        var window = days ?? 30;
        if (window is < 1 or > 365)
        {
            throw ApiProblemException.Validation("days", "Must be a whole number from 1 to 365.");
        }
        var userId = await UserIdAsync(db, principal, cancellationToken);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-window);
        var attempts = db.GetTable<LoginActivity>().Where(a => a.UserId == userId && Instants.AtOrAfter(a.OccurredAt, since) && a.Outcome != LoginOutcomes.PasswordAccepted);
        var total = await attempts.CountAsync(a => a.Outcome == LoginOutcomes.Success, cancellationToken);
        var recent = await attempts.OrderByDescending(a => a.OccurredAt).Take(MaxHistory)
            .Select(a => new LoginHistoryEntry(a.Id, a.OccurredAt, a.IpAddress, a.Device, a.Browser, a.Os, a.Outcome == LoginOutcomes.Success ? "success" : "failed"))
            .ToListAsync(cancellationToken);
        var me = principal.FindFirstValue(Tokens.UserCodeClaim)!;
        return TypedResults.Ok(new LoginHistoryResponse(me, me, total, recent));
    }

    private static async Task<Guid> UserIdAsync(AppDb db, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userCode = principal.FindFirstValue(Tokens.UserCodeClaim);
        var id = await db.GetTable<UserAccount>().Where(u => u.UserCode == userCode && u.DeletedAt == null).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken);
        return id ?? throw ApiProblemException.NotFound();
    }
}
