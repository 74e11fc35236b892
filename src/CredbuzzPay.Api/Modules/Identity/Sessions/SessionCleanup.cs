using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Identity.Sessions;

/// <summary>
/// Deletes what sign-in leaves behind once it can no longer matter: logins that never got their code
/// (a day after expiry), refresh tokens of ended or expired sessions (a day after), and the sessions
/// themselves <c>Retention:SessionsDays</c> (90) after they ended, so the recent ones stay visible in history.
/// </summary>
internal sealed class SessionCleanup : ICleanupTask
{
    private readonly AppDbFactory _factory;
    private readonly IOptions<RetentionOptions> _retention;

    public SessionCleanup(AppDbFactory factory, IOptions<RetentionOptions> retention)
    {
        _factory = factory;
        _retention = retention;
    }

    public string Name => "sessions";

    public IEnumerable<RetentionRule> Retains =>
    [
        new("sessions", "sessions and their refresh tokens", RetentionTable.Days(_retention.Value.SessionsDays) + " after they ended",
            "Retention:SessionsDays", "security investigations", "cleanup job (sessions)"),
    ];

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        var dayAgo = now.AddDays(-1);
        var historyCutoff = now.AddDays(-_retention.Value.SessionsDays);
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

/// <summary>
/// Deletes sign-in attempts (login activity) older than <c>Retention:LoginActivityDays</c> (365; CERT-In asks for at least 180): a kind of its
/// own in the retention table, so the cleanup job reports its count apart from the sessions'.
/// </summary>
internal sealed class LoginActivityCleanup : ICleanupTask
{
    private readonly AppDbFactory _factory;
    private readonly IOptions<RetentionOptions> _retention;

    public LoginActivityCleanup(AppDbFactory factory, IOptions<RetentionOptions> retention)
    {
        _factory = factory;
        _retention = retention;
    }

    public string Name => "login activity";

    public IEnumerable<RetentionRule> Retains =>
    [
        new("login_activity", "sign-in attempts (login activity)", RetentionTable.Days(_retention.Value.LoginActivityDays), "Retention:LoginActivityDays",
            "CERT-In Directions of 28 April 2022 (logs kept 180 days)", "cleanup job (login activity)"),
    ];

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        var cutoff = now.AddDays(-_retention.Value.LoginActivityDays);
        await using var db = _factory.Create();
        return await db.GetTable<LoginActivity>().Where(a => Instants.Before(a.OccurredAt, cutoff)).DeleteAsync(cancellationToken);
    }
}
