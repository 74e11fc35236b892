using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Identity.Sessions;

/// <summary>
/// Deletes what sign-in leaves behind once it can no longer matter: logins that never got their code
/// (a day after expiry), refresh tokens of ended or expired sessions (a day after), and the sessions
/// themselves 90 days after they ended, so the recent ones stay visible in history.
/// </summary>
internal sealed class SessionCleanup : ICleanupTask
{
    public const int SessionHistoryDays = 90;
    private readonly AppDbFactory _factory;

    public SessionCleanup(AppDbFactory factory) => _factory = factory;

    public string Name => "sessions";

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        var dayAgo = now.AddDays(-1);
        var historyCutoff = now.AddDays(-SessionHistoryDays);
        await using var db = _factory.Create();
        var logins = await db.GetTable<PendingLogin>().Where(p => Instants.Before(p.ExpiresAt, dayAgo)).DeleteAsync(cancellationToken);
        var ended = db.GetTable<UserSession>().Where(s => Instants.Before(s.ExpiresAt, dayAgo) || Instants.Before(s.RevokedAt, dayAgo)).Select(s => s.Id);
        var tokens = await db.GetTable<RefreshToken>().Where(t => ended.Contains(t.SessionId)).DeleteAsync(cancellationToken);
        var sessions = await db.GetTable<UserSession>()
            .Where(s => Instants.Before(s.ExpiresAt, historyCutoff) || Instants.Before(s.RevokedAt, historyCutoff))
            .DeleteAsync(cancellationToken);
        return logins + tokens + sessions;
    }
}
