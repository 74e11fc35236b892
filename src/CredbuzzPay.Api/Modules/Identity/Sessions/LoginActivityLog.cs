using CredbuzzPay.Api.Platform.Database;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Identity.Sessions;

/// <summary>Writes each login attempt to <c>login_activity</c> and a line to auth.log (masked identifier only).</summary>
internal sealed class LoginActivityLog
{
    private readonly TimeProvider _clock;
    private readonly ILogger<LoginActivityLog> _logger;

    public LoginActivityLog(TimeProvider clock, ILogger<LoginActivityLog> logger)
    {
        _clock = clock;
        _logger = logger;
    }

    public async Task RecordAsync(AppDb db, HttpContext http, Guid? userId, string identifierMask, string outcome, Guid? sessionId, CancellationToken cancellationToken)
    {
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var (device, browser, os) = UserAgents.Parse(userAgent);
        var ip = http.Connection.RemoteIpAddress?.ToString();
        await db.InsertAsync(new LoginActivity
        {
            Id = Guid.CreateVersion7(_clock.GetUtcNow()),
            UserId = userId,
            IdentifierMask = identifierMask,
            Outcome = outcome,
            IpAddress = ip,
            UserAgent = userAgent.Length > 512 ? userAgent[..512] : userAgent,
            Device = device,
            Browser = browser,
            Os = os,
            SessionId = sessionId,
            OccurredAt = _clock.GetUtcNow().UtcDateTime,
        }, token: cancellationToken);
        _logger.LogInformation("Login {Outcome} for {Identifier} from {ClientIp} ({Device}, {Browser}, {Os})", outcome, identifierMask, ip, device, browser, os);
    }
}
