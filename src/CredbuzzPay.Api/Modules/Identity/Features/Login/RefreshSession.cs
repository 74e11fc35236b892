using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity.Features.Login;

/// <summary>
/// <c>POST auth/token/refresh</c>: each refresh token works once and is replaced. Presenting one that
/// was already used means it was copied: the whole session is revoked.
/// </summary>
internal sealed class RefreshSession
{
    private const string Invalid = "The refresh token is not valid; sign in again.";
    private readonly AppDb _db;
    private readonly Tokens _tokens;
    private readonly SessionStore _sessions;
    private readonly TimeProvider _clock;

    public RefreshSession(AppDb db, Tokens tokens, SessionStore sessions, TimeProvider clock)
    {
        _db = db;
        _tokens = tokens;
        _sessions = sessions;
        _clock = clock;
    }

    public async Task<RefreshResponse> HandleAsync(RefreshRequest request, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var hash = _tokens.HashRefresh(request.Refresh!);
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        var stored = await _db.GetTable<RefreshToken>().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken)
            ?? throw Refused();
        var session = await _db.GetTable<UserSession>().FirstAsync(s => s.Id == stored.SessionId, cancellationToken);
        var user = await _db.GetTable<UserAccount>().FirstAsync(u => u.Id == session.UserId, cancellationToken);
        if (session.RevokedAt is not null || session.ExpiresAt <= now || user.Status != UserStatuses.Active || user.DeletedAt is not null)
        {
            throw Refused();
        }
        var used = await _db.GetTable<RefreshToken>()
            .Where(t => t.Id == stored.Id && t.UsedAt == null)
            .Set(t => t.UsedAt, now)
            .UpdateAsync(cancellationToken);
        if (used != 1)
        {
            await _sessions.RevokeAsync(_db, session.Id, user.UserCode, "refresh_reuse", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            throw Refused();
        }
        var refresh = await _sessions.IssueRefreshAsync(_db, session.Id, cancellationToken);
        await _db.GetTable<UserSession>().Where(s => s.Id == session.Id).Set(s => s.LastSeenAt, now).UpdateAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RefreshResponse(_tokens.Access(user, session), refresh);
    }

    private static ApiProblemException Refused() => new(StatusCodes.Status401Unauthorized, "Unauthorized", Invalid);
}
