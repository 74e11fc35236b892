using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity.Sessions;

/// <summary>Starts, refreshes and ends sessions; every change is audited in the caller's transaction.</summary>
internal sealed class SessionStore
{
    private readonly Tokens _tokens;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;

    public SessionStore(Tokens tokens, IAuditTrail audit, TimeProvider clock)
    {
        _tokens = tokens;
        _audit = audit;
        _clock = clock;
    }

    public async Task<(UserSession Session, string Access, string Refresh)> StartAsync(AppDb db, UserAccount user, string platform, string? device, HttpContext http, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var session = new UserSession
        {
            Id = Guid.CreateVersion7(now),
            UserId = user.Id,
            Platform = platform,
            IpAddress = Platform.Http.ClientAddresses.Of(http),
            UserAgent = userAgent.Length > 512 ? userAgent[..512] : userAgent,
            Device = device,
            CreatedAt = now.UtcDateTime,
            ExpiresAt = now.UtcDateTime + _tokens.RefreshLifetime,
            LastSeenAt = now.UtcDateTime,
        };
        await db.InsertAsync(session, token: cancellationToken);
        var refresh = await IssueRefreshAsync(db, session.Id, cancellationToken);
        return (session, _tokens.Access(user, session), refresh);
    }

    /// <summary>Ends a session; its access tokens stop working at once.</summary>
    public async Task<bool> RevokeAsync(AppDb db, Guid sessionId, string actorUserCode, string reason, CancellationToken cancellationToken)
    {
        var revoked = await db.GetTable<UserSession>()
            .Where(s => s.Id == sessionId && s.RevokedAt == null)
            .Set(s => s.RevokedAt, _clock.GetUtcNow().UtcDateTime)
            .Set(s => s.RevokedReason, reason)
            .UpdateAsync(cancellationToken);
        if (revoked == 1)
        {
            await _audit.RecordAsync(db, new AuditEvent(reason == "logout" ? "logout" : "session.revoked", "session", sessionId.ToString(), new { reason }, actorUserCode), cancellationToken);
        }
        return revoked == 1;
    }

    /// <summary>Ends every open session of a user (password reset), except <paramref name="keep"/>.</summary>
    public async Task<int> RevokeAllAsync(AppDb db, Guid userId, string actorUserCode, string reason, Guid? keep, CancellationToken cancellationToken)
    {
        var open = await db.GetTable<UserSession>()
            .Where(s => s.UserId == userId && s.RevokedAt == null && (keep == null || s.Id != keep))
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in open)
        {
            await RevokeAsync(db, id, actorUserCode, reason, cancellationToken);
        }
        return open.Count;
    }

    public async Task<string> IssueRefreshAsync(AppDb db, Guid sessionId, CancellationToken cancellationToken)
    {
        var token = Tokens.NewRefreshToken();
        await db.InsertAsync(new RefreshToken
        {
            Id = Guid.CreateVersion7(_clock.GetUtcNow()),
            SessionId = sessionId,
            TokenHash = _tokens.HashRefresh(token),
            CreatedAt = _clock.GetUtcNow().UtcDateTime,
        }, token: cancellationToken);
        return token;
    }

    /// <summary>When the session was last seen, while it may be used (not ended, not past its 7 days, its user active); null otherwise.</summary>
    public static Task<DateTime?> LastSeenIfActiveAsync(AppDb db, Guid sessionId, DateTime now, CancellationToken cancellationToken) =>
        (from s in db.GetTable<UserSession>()
         join u in db.GetTable<UserAccount>() on s.UserId equals u.Id
         where s.Id == sessionId && s.RevokedAt == null && Instants.After(s.ExpiresAt, now) && u.Status == UserStatuses.Active && u.DeletedAt == null
               && !db.GetTable<PlatformRecord>().Any(p => p.Platform == s.Platform && !p.Active)
               && !db.GetTable<UserPlatformAccess>().Any(a => a.UserId == u.Id && a.Platform == s.Platform && !a.Enabled)
         select (DateTime?)s.LastSeenAt).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Marks the session as used now when it was last marked over a minute ago, so "last seen" and the
    /// last API call are true to the minute at the cost of one write per session-minute, not per request.
    /// </summary>
    public static async Task TouchAsync(AppDb db, Guid sessionId, DateTime lastSeen, DateTime now, CancellationToken cancellationToken)
    {
        var stale = now.AddMinutes(-1);
        if (lastSeen < stale)
        {
            await db.GetTable<UserSession>().Where(s => s.Id == sessionId && Instants.Before(s.LastSeenAt, stale)).Set(s => s.LastSeenAt, now).UpdateAsync(cancellationToken);
        }
    }

    /// <summary>Whether the user may use the platform: it is active, and not revoked for them.</summary>
    public static async Task<bool> PlatformAllowedAsync(AppDb db, Guid userId, string platform, CancellationToken cancellationToken) =>
        !await db.GetTable<PlatformRecord>().AnyAsync(p => p.Platform == platform && !p.Active, cancellationToken)
        && !await db.GetTable<UserPlatformAccess>().AnyAsync(a => a.UserId == userId && a.Platform == platform && !a.Enabled, cancellationToken);
}
