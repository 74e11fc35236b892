using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB.Data;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;

using Security = CredbuzzPay.Api.Modules.Security;

namespace CredbuzzPay.Api.Modules.Identity.Sessions;

/// <summary>Writes each login attempt to <c>login_activity</c> and a line to auth.log (masked identifier only).</summary>
internal sealed class LoginActivityLog
{
    private readonly TimeProvider _clock;
    private readonly ILogger<LoginActivityLog> _logger;
    private readonly IdentityOptions _options;
    private readonly IAuditTrail _audit;
    private readonly Security.Contracts.ISecuritySignals _signals;

    public LoginActivityLog(TimeProvider clock, ILogger<LoginActivityLog> logger, IOptions<IdentityOptions> options, IAuditTrail audit, Security.Contracts.ISecuritySignals signals)
    {
        _signals = signals;
        _clock = clock;
        _logger = logger;
        _options = options.Value;
        _audit = audit;
    }

    /// <summary>A refused sign-in: its activity row and its audit row, committed together.</summary>
    public async Task RecordFailureAsync(AppDb db, HttpContext http, Data.UserAccount? user, string identifierMask, string outcome, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await RecordAsync(db, http, user, identifierMask, outcome, null, cancellationToken);
        await _audit.RecordAsync(db, new AuditEvent("login.failed", user is null ? "login" : "user", user?.UserCode ?? identifierMask, new { outcome }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await _signals.ReportAsync(db, new Security.Contracts.SecuritySignal(Security.Contracts.SignalKinds.LoginFailed, Platform.Http.ClientAddresses.Of(http), user?.Id, user?.UserCode,
            user?.BranchCode, identifierMask), cancellationToken);
    }

    /// <summary>
    /// Refuses (429) a flood of sign-in attempts for one identifier. Counted by the masked identifier,
    /// so an unknown account is limited exactly like a real one and the limit reveals nothing.
    /// </summary>
    public async Task EnsureNotFloodedAsync(AppDb db, string identifierMask, CancellationToken cancellationToken)
    {
        var since = _clock.GetUtcNow().UtcDateTime.AddMinutes(-1);
        var recent = await db.GetTable<LoginActivity>()
            .CountAsync(a => a.IdentifierMask == identifierMask && Instants.After(a.OccurredAt, since) && a.Outcome != LoginOutcomes.PasswordAccepted, cancellationToken);
        if (recent >= _options.LoginAttemptsPerMinutePerAccount)
        {
            throw ApiProblemException.TooManyRequests(TimeSpan.FromMinutes(1), "Too many sign-in attempts for this account; wait a minute.");
        }
    }

    public async Task RecordAsync(AppDb db, HttpContext http, Data.UserAccount? user, string identifierMask, string outcome, Guid? sessionId, CancellationToken cancellationToken)
    {
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var (device, browser, os) = UserAgents.Parse(userAgent);
        var ip = Platform.Http.ClientAddresses.Of(http);
        var at = _clock.GetUtcNow().UtcDateTime;
        await db.InsertAsync(new LoginActivity
        {
            Id = Guid.CreateVersion7(_clock.GetUtcNow()),
            UserId = user?.Id,
            IdentifierMask = identifierMask,
            Outcome = outcome,
            IpAddress = ip,
            UserAgent = userAgent.Length > 512 ? userAgent[..512] : userAgent,
            Device = device,
            Browser = browser,
            Os = os,
            SessionId = sessionId,
            OccurredAt = at,
        }, token: cancellationToken);
        await LoginCounters.CountAsync(db, user?.BranchCode, outcome, device, browser, at, cancellationToken);
        _logger.LogInformation("Login {Outcome} for {Identifier} from {ClientIp} ({Device}, {Browser}, {Os})", outcome, identifierMask, ip, device, browser, os);
    }
}
