using CredbuzzPay.Api.Modules.Security.Contracts;
using CredbuzzPay.Api.Modules.Security.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Security;

/// <summary>
/// Runs the detection rules as signals arrive: failed sign-ins per address (brute force: high, the
/// address is blocked), distinct accounts failing from one address (credential stuffing: critical,
/// blocked), failed sign-ins per account (medium), OTP blocks (medium), registration bursts per
/// address (medium). An open alert of the same kind for the same address or user is not repeated.
/// </summary>
internal sealed class Detection : ISecuritySignals, IRiskScores, ISignInHistory
{
    private readonly TimeProvider _clock;
    private readonly IOptionsMonitor<SecurityOptions> _options;
    private readonly IpBlocklist _blocklist;
    private readonly ILogger<Detection> _logger;

    public Detection(TimeProvider clock, IOptionsMonitor<SecurityOptions> options, IpBlocklist blocklist, ILogger<Detection> logger)
    {
        _clock = clock;
        _options = options;
        _blocklist = blocklist;
        _logger = logger;
    }

    public async Task ReportAsync(AppDb db, SecuritySignal signal, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var options = _options.CurrentValue;
        await db.InsertAsync(new SecurityEvent
        {
            Id = Guid.CreateVersion7(_clock.GetUtcNow()), Kind = signal.Kind, IpAddress = signal.IpAddress, UserId = signal.UserId, UserCode = signal.UserCode,
            Subject = signal.Subject is { Length: > 64 } s ? s[..64] : signal.Subject, OccurredAt = now,
        }, token: cancellationToken);

        var window = now.AddMinutes(-options.WindowMinutes);
        var events = db.GetTable<SecurityEvent>();
        switch (signal.Kind)
        {
            case SignalKinds.LoginFailed when signal.IpAddress is { } ip:
                var fromIp = events.Where(e => e.IpAddress == ip && e.Kind == SignalKinds.LoginFailed && Instants.AtOrAfter(e.OccurredAt, window));
                var accounts = await fromIp.Where(e => e.Subject != null).Select(e => e.Subject).Distinct().CountAsync(cancellationToken);
                if (accounts >= options.StuffingAccountsPerIp)
                {
                    await RaiseAsync(db, "credential_stuffing", Severities.Critical, ip, null, null, $"{accounts} different accounts failed to sign in from {ip} in {options.WindowMinutes} minutes.", now, cancellationToken);
                    await AutoBlockAsync(db, ip, "credential stuffing", now, cancellationToken);
                }
                else if (await fromIp.CountAsync(cancellationToken) is var failures && failures >= options.FailedLoginsPerIp)
                {
                    await RaiseAsync(db, "brute_force_ip", Severities.High, ip, null, null, $"{failures} failed sign-ins from {ip} in {options.WindowMinutes} minutes.", now, cancellationToken);
                    await AutoBlockAsync(db, ip, "repeated failed sign-ins", now, cancellationToken);
                }
                if (signal.UserId is { } userId)
                {
                    var hour = now.AddHours(-1);
                    var onAccount = await events.CountAsync(e => e.UserId == userId && e.Kind == SignalKinds.LoginFailed && Instants.AtOrAfter(e.OccurredAt, hour), cancellationToken);
                    if (onAccount >= options.FailedLoginsPerAccountPerHour)
                    {
                        await RaiseAsync(db, "account_brute_force", Severities.Medium, null, signal.UserCode, signal.BranchCode, $"{onAccount} failed sign-ins on the account in an hour.", now, cancellationToken);
                    }
                }
                break;
            case SignalKinds.LoginSucceeded when signal.Subject == "new_device":
                await RaiseAsync(db, "new_device_login", Severities.Low, signal.IpAddress, signal.UserCode, signal.BranchCode, "Sign-in from a device or address not seen before.", now, cancellationToken);
                break;
            case SignalKinds.OtpBlocked:
                await RaiseAsync(db, "otp_blocked", Severities.Medium, signal.IpAddress, signal.UserCode, signal.BranchCode, "A one-time code check was blocked after repeated wrong codes.", now, cancellationToken);
                break;
            case SignalKinds.AccessDenied:
                // Refusals are not blocked automatically (a misconfigured client trips them too); they raise an alert for a person to look at.
                if (signal.UserId is { } deniedUser
                    && await events.CountAsync(e => e.UserId == deniedUser && e.Kind == SignalKinds.AccessDenied && Instants.AtOrAfter(e.OccurredAt, window), cancellationToken) is var byUser
                    && byUser >= options.AccessDeniedPerUser)
                {
                    await RaiseAsync(db, "access_denied_burst", Severities.Medium, null, signal.UserCode, signal.BranchCode,
                        $"{byUser} requests refused for the user in {options.WindowMinutes} minutes (last: {signal.Subject}).", now, cancellationToken);
                }
                else if (signal.IpAddress is { } deniedIp
                    && await events.CountAsync(e => e.IpAddress == deniedIp && e.Kind == SignalKinds.AccessDenied && Instants.AtOrAfter(e.OccurredAt, window), cancellationToken) is var byIp
                    && byIp >= options.AccessDeniedPerIp)
                {
                    await RaiseAsync(db, "access_denied_burst", Severities.Medium, deniedIp, null, null,
                        $"{byIp} requests refused from {deniedIp} in {options.WindowMinutes} minutes.", now, cancellationToken);
                }
                break;
            case SignalKinds.RegistrationStarted when signal.IpAddress is { } ip:
                var hourAgo = now.AddHours(-1);
                var registrations = await events.CountAsync(e => e.IpAddress == ip && e.Kind == SignalKinds.RegistrationStarted && Instants.AtOrAfter(e.OccurredAt, hourAgo), cancellationToken);
                if (registrations >= options.RegistrationsPerIpPerHour)
                {
                    await RaiseAsync(db, "registration_burst", Severities.Medium, ip, null, null, $"{registrations} registrations started from {ip} in an hour.", now, cancellationToken);
                }
                break;
        }
    }

    private async Task RaiseAsync(AppDb db, string kind, string severity, string? ip, string? userCode, string? branch, string message, DateTime now, CancellationToken cancellationToken)
    {
        var open = await db.GetTable<SecurityAlert>().AnyAsync(a => a.Kind == kind && a.IpAddress == ip && a.UserCode == userCode && a.Status != AlertStatuses.Resolved, cancellationToken);
        if (open)
        {
            return;
        }
        await db.InsertAsync(new SecurityAlert
        {
            Id = Guid.CreateVersion7(_clock.GetUtcNow()), Kind = kind, Severity = severity, Status = AlertStatuses.Open, IpAddress = ip, UserCode = userCode,
            BranchCode = branch, Message = message, CreatedAt = now, UpdatedAt = now,
        }, token: cancellationToken);
        _logger.LogWarning("Security alert {Kind} ({Severity}) for {Ip} {UserCode}", kind, severity, ip ?? "-", userCode ?? "-");
    }

    private async Task AutoBlockAsync(AppDb db, string ip, string reason, DateTime now, CancellationToken cancellationToken)
    {
        if (_options.CurrentValue.Exempt(ip))
        {
            return;
        }
        var until = now.AddMinutes(_options.CurrentValue.AutoBlockMinutes);
        var updated = await db.GetTable<BlockedIp>().Where(b => b.IpAddress == ip).Set(b => b.BlockedUntil, until).Set(b => b.Reason, "automatic: " + reason)
            .UpdateAsync(cancellationToken);
        if (updated == 0)
        {
            try
            {
                await db.InsertAsync(new BlockedIp { IpAddress = ip, Reason = "automatic: " + reason, BlockedUntil = until, CreatedBy = "system:detection", CreatedAt = now }, token: cancellationToken);
            }
            catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
            {
                // Another node blocked it at the same moment.
            }
        }
        _blocklist.Invalidate();
        _logger.LogWarning("Address {Ip} blocked automatically for {Minutes} minutes: {Reason}", ip, _options.CurrentValue.AutoBlockMinutes, reason);
    }

    /// <summary>
    /// 0-100 from the last 24 hours: 5 per failed sign-in (at most 40), 20 per OTP block (at most 40),
    /// 2 per refused request (at most 20), 10 per open alert about the user (at most 30).
    /// </summary>
    public async Task<DateTime?> LastNewDeviceSignInAsync(AppDb db, Guid userId, DateTime since, CancellationToken cancellationToken = default) =>
        await db.GetTable<SecurityEvent>()
            .Where(e => e.UserId == userId && Instants.AtOrAfter(e.OccurredAt, since) && e.Kind == SignalKinds.LoginSucceeded && e.Subject == "new_device")
            .OrderByDescending(e => e.OccurredAt).Select(e => (DateTime?)e.OccurredAt).FirstOrDefaultAsync(cancellationToken);

    public async Task<int> ScoreAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default)
    {
        var since = _clock.GetUtcNow().UtcDateTime.AddDays(-1);
        var kinds = await db.GetTable<SecurityEvent>().Where(e => e.UserId == userId && Instants.AtOrAfter(e.OccurredAt, since))
            .GroupBy(e => e.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var code = await db.GetTable<SecurityEvent>().Where(e => e.UserId == userId && e.UserCode != null).Select(e => e.UserCode).FirstOrDefaultAsync(cancellationToken);
        var alerts = code is null ? 0 : await db.GetTable<SecurityAlert>().CountAsync(a => a.UserCode == code && a.Status != AlertStatuses.Resolved, cancellationToken);
        var score = Math.Min(40, 5 * kinds.GetValueOrDefault(SignalKinds.LoginFailed)) + Math.Min(40, 20 * kinds.GetValueOrDefault(SignalKinds.OtpBlocked))
            + Math.Min(20, 2 * kinds.GetValueOrDefault(SignalKinds.AccessDenied)) + Math.Min(30, 10 * alerts);
        return Math.Min(100, score);
    }
}
