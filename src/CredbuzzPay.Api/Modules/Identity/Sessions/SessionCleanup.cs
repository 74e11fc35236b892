using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Identity.Sessions;

/// <summary>
/// Deletes what sign-in leaves behind once it can no longer matter: logins that never got their code
/// (a day after expiry), refresh tokens of ended or expired sessions (a day after), the sessions
/// themselves <c>Retention:SessionsDays</c> (90) after they ended, so the recent ones stay visible in history,
/// and sign-in attempts older than <c>Retention:LoginActivityDays</c> (365; CERT-In asks for at least 180).
/// </summary>
internal sealed class SessionCleanup : ICleanupTask
{
    private readonly AppDbFactory _factory;
    private readonly Microsoft.Extensions.Options.IOptions<RetentionOptions> _retention;

    public SessionCleanup(AppDbFactory factory, Microsoft.Extensions.Options.IOptions<RetentionOptions> retention)
    {
        _factory = factory;
        _retention = retention;
    }

    public string Name => "sessions";

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        var dayAgo = now.AddDays(-1);
        var historyCutoff = now.AddDays(-_retention.Value.SessionsDays);
        var activityCutoff = now.AddDays(-_retention.Value.LoginActivityDays);
        await using var db = _factory.Create();
        var logins = await db.GetTable<PendingLogin>().Where(p => Instants.Before(p.ExpiresAt, dayAgo)).DeleteAsync(cancellationToken);
        var ended = db.GetTable<UserSession>().Where(s => Instants.Before(s.ExpiresAt, dayAgo) || Instants.Before(s.RevokedAt, dayAgo)).Select(s => s.Id);
        var tokens = await db.GetTable<RefreshToken>().Where(t => ended.Contains(t.SessionId)).DeleteAsync(cancellationToken);
        var sessions = await db.GetTable<UserSession>()
            .Where(s => Instants.Before(s.ExpiresAt, historyCutoff) || Instants.Before(s.RevokedAt, historyCutoff))
            .DeleteAsync(cancellationToken);
        var attempts = await db.GetTable<LoginActivity>().Where(a => Instants.Before(a.OccurredAt, activityCutoff)).DeleteAsync(cancellationToken);
        return logins + tokens + sessions + attempts;
    }
}
