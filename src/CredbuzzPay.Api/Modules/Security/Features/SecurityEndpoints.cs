using System.Net;
using System.Security.Claims;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Security.Contracts;
using CredbuzzPay.Api.Modules.Security.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Security.Features;

public sealed record AlertView(Guid Id, string Kind, string Severity, string Status, string? IpAddress, string? UserCode, string Message, string? Assignee,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? ResolvedAt);

/// <summary>Seed 003 #43: counts by severity in the window and the alerts themselves (<c>alerts</c>, paginated: <c>count</c>, <c>next</c>, <c>previous</c>).</summary>
public sealed record AlertsReport(int Days, long TotalAlerts, long Critical, long High, long Medium, long Low, IReadOnlyList<AlertView> Alerts, long Count, string? Next,
    string? Previous);

/// <summary>
/// Seed 003 #40. <c>threat_level</c> is the most severe open alert's (low when none); <c>security_score</c> is
/// 100 less 25 per open critical alert, 10 per high, 3 per medium and 1 per low (never below 0);
/// <c>compromised_passwords</c> is null: no breach feed is consulted (docs/api-contract.md).
/// </summary>
public sealed record SecuritySummary(int Days, string ThreatLevel, long SuspiciousActivities, long BlockedUsers, long FailedLoginAttempts, long? CompromisedPasswords,
    int SecurityScore, IReadOnlyList<string> Recommendations, IReadOnlyDictionary<string, long> OpenAlertsBySeverity, long AlertsInWindow, long FailedLogins,
    long BlockedIps, IReadOnlyList<RiskyUser> RiskiestUsers);

public sealed record RiskyUser(string UserCode, long Signals);

/// <summary>One address with failed sign-ins (seed 003 #42: <c>ip</c>, <c>threat_level</c>, <c>failed_attempts</c>, <c>blocked</c>, <c>first_seen</c>, <c>last_seen</c>).</summary>
public sealed record IpThreat(string Ip, string ThreatLevel, long FailedAttempts, bool Blocked, DateTime FirstSeen, DateTime LastSeen, string IpAddress, long FailedLogins,
    long AccountsTried, DateTime? BlockedUntil);

public sealed record IpThreatsReport(int Days, IReadOnlyList<IpThreat> SuspiciousIps);

public sealed record EventView(string Kind, string? IpAddress, string? UserCode, string? Subject, DateTime OccurredAt);

/// <summary>One alert as seed 003 #41 shows a suspicious activity; <c>action_taken</c> says what the service did on its own.</summary>
public sealed record SuspiciousActivity(Guid Id, string? UserId, string ActivityType, string ThreatLevel, DateTime DetectedAt, string ActionTaken, string Status, string? IpAddress,
    string Message);

/// <summary>Seed 003 #41: the window's alerts as activities, and (paginated) the raw signals behind them.</summary>
public sealed record SuspiciousActivitiesReport(int Days, long TotalSuspicious, IReadOnlyList<SuspiciousActivity> Activities, long Count, string? Next, string? Previous,
    IReadOnlyList<EventView> Results);

public sealed record UserSuspiciousActivity(string UserCode, int RiskScore, IReadOnlyList<EventView> Events, IReadOnlyList<AlertView> Alerts);

public sealed record AlertActionRequest(string? Assignee, [property: MultilineText] string? Note);

public sealed record BlockIpRequest(string? IpAddress, [property: MultilineText] string? Reason, int? DurationMinutes);

public sealed record BlockedIpView(string IpAddress, string Reason, DateTime? BlockedUntil, string CreatedBy, DateTime CreatedAt);

internal sealed class BlockIpRequestValidator : AbstractValidator<BlockIpRequest>
{
    public BlockIpRequestValidator()
    {
        RuleFor(r => r.IpAddress).Must(ip => IPAddress.TryParse(ip, out _)).WithMessage("Give one IPv4 or IPv6 address.");
        RuleFor(r => r.Reason).NotEmpty().WithMessage("Say why.").MaximumLength(500);
        RuleFor(r => r.DurationMinutes).InclusiveBetween(1, 525_600).When(r => r.DurationMinutes is not null).WithMessage("From 1 minute to a year (leave it out to block until unblocked).");
    }
}

/// <summary>
/// Seed 003 #40-#43 and seed 000's security endpoints: summary, alerts (acknowledge, resolve, assign:
/// audited), IP threats and the blocklist, suspicious activity, a user's signals and risk score.
/// Auditors, super_admin and master see everything; an admin sees alerts about users of their branch.
/// </summary>
internal static class SecurityEndpoints
{
    public static void MapSecurityEndpoints(this IEndpointRouteBuilder api)
    {
        var reports = api.MapGroup("/admin/reports/security").WithTags("Security");
        reports.MapGet("/get_security_summary", SummaryAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("?days=7");
        reports.MapGet("/get_security_alerts", AlertsAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("?days=7&status=&severity=&page=");
        reports.MapGet("/get_ip_threats", ThreatsAsync).RequireStaff(Roles.SuperAdmin, auditorMayRead: true).WithSummary("?days=7: addresses by failed sign-ins, blocked or not.");
        reports.MapGet("/get_suspicious_activities", ActivitiesAsync).RequireStaff(Roles.SuperAdmin, auditorMayRead: true).WithSummary("?days=7&page=: security signals, newest first.");

        var security = api.MapGroup("/admin/security").WithTags("Security");
        foreach (var action in new[] { "acknowledge", "resolve", "assign" })
        {
            security.MapPost($"/alerts/{{alertId:guid}}/{action}", (Guid alertId, AlertActionRequest request, ClaimsPrincipal p, AppDb db, IUserDirectory users, IAuditTrail audit,
                TimeProvider clock, CancellationToken ct) => ActOnAlertAsync(alertId, action, request, p, db, users, audit, clock, ct))
                .RequireStaff(Roles.Admin).WithSummary(action == "assign" ? "{assignee: user_code of a staff member}" : $"Mark the alert {action}d.");
        }
        security.MapGet("/ip_blocklist", BlocklistAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Blocked addresses.");
        security.MapPost("/ip_blocklist", BlockAsync).RequireStaff(Roles.SuperAdmin).Validate<BlockIpRequest>().WithSummary("{ip_address, reason, duration_minutes}");
        security.MapDelete("/ip_blocklist/{ipAddress}", UnblockAsync).RequireStaff(Roles.SuperAdmin).WithSummary("Lift a block.");

        api.MapGet("/security/suspicious-activity/{userCode}", UserActivityAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithTags("Security")
            .WithSummary("One user's signals of the last 30 days, open alerts and risk score.");
    }

    private static int Days(int? days) =>
        days is null ? 7 : days is >= 1 and <= 366 ? days.Value : throw ApiProblemException.Validation("days", "A whole number of days from 1 to 366.");

    private static async Task<(UserSummary Actor, IQueryable<SecurityAlert> Alerts)> ScopeAsync(ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var actor = await users.CallerAsync(db, principal, cancellationToken);
        var alerts = db.GetTable<SecurityAlert>().AsQueryable();
        return (actor, Hierarchy.ReadLimit(actor) is { } branch ? alerts.Where(a => a.BranchCode == branch) : alerts);
    }

    private static AlertView View(SecurityAlert a) => new(a.Id, a.Kind, a.Severity, a.Status, a.IpAddress, a.UserCode, a.Message, a.Assignee, a.CreatedAt, a.UpdatedAt, a.ResolvedAt);

    private static async Task<Ok<SecuritySummary>> SummaryAsync(int? days, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var window = Days(days);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-window);
        var (actor, alerts) = await ScopeAsync(principal, db, users, cancellationToken);
        var open = await alerts.Where(a => a.Status != AlertStatuses.Resolved).GroupBy(a => a.Severity).Select(g => new { g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var events = db.GetTable<SecurityEvent>().Where(e => Instants.AtOrAfter(e.OccurredAt, since));
        var seesAll = Hierarchy.ReadsEveryBranch(actor);
        var branch = Hierarchy.ReadLimit(actor);
        var failed = await users.FailedSignInsAsync(db, branch, since, cancellationToken);
        var risky = seesAll
            ? await events.Where(e => e.UserCode != null && e.Kind != SignalKinds.LoginSucceeded).GroupBy(e => e.UserCode!).Select(g => new { g.Key, Count = g.LongCount() })
                .OrderByDescending(g => g.Count).Take(10).ToListAsync(cancellationToken)
            : [];
        var inWindow = await alerts.LongCountAsync(a => Instants.AtOrAfter(a.CreatedAt, since), cancellationToken);
        var blockedIps = seesAll ? await db.GetTable<BlockedIp>().LongCountAsync(b => b.BlockedUntil == null || b.BlockedUntil > now, cancellationToken) : 0;
        var blockedUsers = await users.CountBlockedAsync(db, branch, cancellationToken);
        long Open(string severity) => open.GetValueOrDefault(severity);
        var threat = Open(Severities.Critical) > 0 ? Severities.Critical : Open(Severities.High) > 0 ? Severities.High : Open(Severities.Medium) > 0 ? Severities.Medium : Severities.Low;
        var score = (int)Math.Max(0, 100 - 25 * Open(Severities.Critical) - 10 * Open(Severities.High) - 3 * Open(Severities.Medium) - Open(Severities.Low));
        var advice = new List<string>();
        if (Open(Severities.Critical) + Open(Severities.High) > 0)
        {
            advice.Add($"Review the {Open(Severities.Critical) + Open(Severities.High)} open critical and high alerts first");
        }
        if (open.Values.Sum() > 0)
        {
            advice.Add("Acknowledge or resolve open alerts so the score reflects what is left");
        }
        if (failed > 0)
        {
            advice.Add("Monitor failed login attempts");
        }
        if (blockedUsers > 0)
        {
            advice.Add("Review blocked and locked accounts");
        }
        if (advice.Count == 0)
        {
            advice.Add("No open alerts; keep monitoring");
        }
        return TypedResults.Ok(new SecuritySummary(window, threat, inWindow, blockedUsers, failed, null, score, advice,
            Severities.All.ToDictionary(s => s, Open), inWindow, failed, blockedIps, risky.Select(r => new RiskyUser(r.Key, r.Count)).ToList()));
    }

    internal static async Task<Ok<AlertsReport>> AlertsAsync(int? days, string? status, string? severity, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal,
        AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var window = Days(days);
        var page = PageRequest.From(paging);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-window);
        var (_, alerts) = await ScopeAsync(principal, db, users, cancellationToken);
        alerts = alerts.Where(a => Instants.AtOrAfter(a.CreatedAt, since));
        var bySeverity = await alerts.GroupBy(a => a.Severity).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        if (!string.IsNullOrEmpty(status))
        {
            alerts = status is AlertStatuses.Open or AlertStatuses.Acknowledged or AlertStatuses.Resolved ? alerts.Where(a => a.Status == status)
                : throw ApiProblemException.Validation("status", "Status must be open, acknowledged or resolved.");
        }
        if (!string.IsNullOrEmpty(severity))
        {
            alerts = Severities.All.Contains(severity) ? alerts.Where(a => a.Severity == severity) : throw ApiProblemException.Validation("severity", "Severity must be low, medium, high or critical.");
        }
        var count = await alerts.LongCountAsync(cancellationToken);
        var rows = await alerts.OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var paged = page.ToPaged(http, count, rows.Select(View).ToList());
        return TypedResults.Ok(new AlertsReport(window, bySeverity.Values.Sum(), bySeverity.GetValueOrDefault(Severities.Critical), bySeverity.GetValueOrDefault(Severities.High),
            bySeverity.GetValueOrDefault(Severities.Medium), bySeverity.GetValueOrDefault(Severities.Low), paged.Results, paged.Count, paged.Next, paged.Previous));
    }

    /// <summary>
    /// Addresses by failed sign-ins in the window (50 at most). Threat level: high when blocked or at the
    /// brute-force threshold, medium from 5 failures or 3 accounts tried, low below.
    /// </summary>
    private static async Task<Ok<IpThreatsReport>> ThreatsAsync(int? days, AppDb db, TimeProvider clock, Microsoft.Extensions.Options.IOptionsMonitor<SecurityOptions> options,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var window = Days(days);
        var since = now.AddDays(-window);
        var rows = await db.GetTable<SecurityEvent>().Where(e => e.Kind == SignalKinds.LoginFailed && Instants.AtOrAfter(e.OccurredAt, since) && e.IpAddress != null)
            .GroupBy(e => e.IpAddress!).Select(g => new
            {
                Ip = g.Key, Failed = g.LongCount(), Accounts = g.Select(e => e.Subject).Distinct().LongCount(), First = g.Min(e => e.OccurredAt), Last = g.Max(e => e.OccurredAt),
            })
            .OrderByDescending(g => g.Failed).Take(50).ToListAsync(cancellationToken);
        var ips = rows.Select(r => r.Ip).ToList();
        var blocked = await db.GetTable<BlockedIp>().Where(b => ips.Contains(b.IpAddress) && (b.BlockedUntil == null || b.BlockedUntil > now))
            .ToDictionaryAsync(b => b.IpAddress, b => b.BlockedUntil, cancellationToken);
        var threshold = options.CurrentValue.FailedLoginsPerIp;
        return TypedResults.Ok(new IpThreatsReport(window, rows.Select(r =>
        {
            var isBlocked = blocked.ContainsKey(r.Ip);
            var level = isBlocked || r.Failed >= threshold ? Severities.High : r.Failed >= 5 || r.Accounts >= 3 ? Severities.Medium : Severities.Low;
            return new IpThreat(r.Ip, level, r.Failed, isBlocked, r.First, r.Last, r.Ip, r.Failed, r.Accounts, blocked.GetValueOrDefault(r.Ip));
        }).ToList()));
    }

    private static async Task<Ok<SuspiciousActivitiesReport>> ActivitiesAsync(int? days, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal, AppDb db,
        IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var window = Days(days);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-window);
        var page = PageRequest.From(paging);
        var (_, alerts) = await ScopeAsync(principal, db, users, cancellationToken);
        var raised = await alerts.Where(a => Instants.AtOrAfter(a.CreatedAt, since)).OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id).Take(200).ToListAsync(cancellationToken);
        var total = await alerts.LongCountAsync(a => Instants.AtOrAfter(a.CreatedAt, since), cancellationToken);
        var events = db.GetTable<SecurityEvent>().Where(e => Instants.AtOrAfter(e.OccurredAt, since) && e.Kind != SignalKinds.LoginSucceeded);
        var count = await events.LongCountAsync(cancellationToken);
        var rows = await events.OrderByDescending(e => e.OccurredAt).ThenBy(e => e.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(e => new EventView(e.Kind, e.IpAddress, e.UserCode, e.Subject, e.OccurredAt)).ToListAsync(cancellationToken);
        var paged = page.ToPaged(http, count, rows);
        return TypedResults.Ok(new SuspiciousActivitiesReport(window, total,
            raised.Select(a => new SuspiciousActivity(a.Id, a.UserCode, a.Kind, a.Severity, a.CreatedAt, ActionTaken(a.Kind), a.Status, a.IpAddress, a.Message)).ToList(),
            paged.Count, paged.Next, paged.Previous, paged.Results));
    }

    /// <summary>What detection did on its own for each kind of alert (docs/monitoring.md).</summary>
    internal static string ActionTaken(string kind) => kind switch
    {
        "credential_stuffing" or "brute_force_ip" => "ip_blocked",
        "new_device_login" => "user_notified",
        "otp_blocked" => "verification_blocked",
        _ => "alert_raised",
    };

    internal static async Task<Ok<AlertView>> ActOnAlertAsync(Guid alertId, string action, AlertActionRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        IAuditTrail audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (actor, alerts) = await ScopeAsync(principal, db, users, cancellationToken);
        var alert = await alerts.FirstOrDefaultAsync(a => a.Id == alertId, cancellationToken) ?? throw ApiProblemException.NotFound("No such alert in your reach.");
        var before = View(alert);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (action)
        {
            case "acknowledge":
                if (alert.Status != AlertStatuses.Open)
                {
                    throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", $"The alert is {alert.Status}.");
                }
                alert.Status = AlertStatuses.Acknowledged;
                break;
            case "resolve":
                if (alert.Status == AlertStatuses.Resolved)
                {
                    throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "The alert is already resolved.");
                }
                alert.Status = AlertStatuses.Resolved;
                alert.ResolvedAt = now;
                break;
            default:
                var assignee = await users.FindByCodeAsync(db, (request.Assignee ?? "").Trim().ToUpperInvariant(), cancellationToken);
                if (assignee is null || assignee.Role is Roles.User)
                {
                    throw ApiProblemException.Validation("assignee", "Assign the alert to a staff member's user code.");
                }
                alert.Assignee = assignee.UserCode;
                break;
        }
        alert.UpdatedAt = now;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.UpdateAsync(alert, token: cancellationToken);
        await audit.RecordAsync(db, new AuditEvent($"security_alert.{action}", "security_alert", alert.Id.ToString(), new { before, after = View(alert), note = request.Note }, actor.UserCode),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(alert));
    }

    internal static async Task<Ok<IReadOnlyList<BlockedIpView>>> BlocklistAsync(AppDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.GetTable<BlockedIp>().Where(b => b.BlockedUntil == null || b.BlockedUntil > now).OrderBy(b => b.CreatedAt).Take(1000)
            .Select(b => new BlockedIpView(b.IpAddress, b.Reason, b.BlockedUntil, b.CreatedBy, b.CreatedAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<BlockedIpView>>(rows);
    }

    internal static async Task<Created<BlockedIpView>> BlockAsync(BlockIpRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, IAuditTrail audit,
        IpBlocklist blocklist, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (actor, _) = await ScopeAsync(principal, db, users, cancellationToken);
        var ip = IPAddress.Parse(request.IpAddress!.Trim()).ToString();
        var now = clock.GetUtcNow().UtcDateTime;
        DateTime? until = request.DurationMinutes is { } minutes ? now.AddMinutes(minutes) : null;
        var row = new BlockedIp { IpAddress = ip, Reason = request.Reason!.Trim(), BlockedUntil = until, CreatedBy = actor.UserCode, CreatedAt = now };
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            await db.GetTable<BlockedIp>().Where(b => b.IpAddress == ip).DeleteAsync(cancellationToken);
            await db.InsertAsync(row, token: cancellationToken);
            await audit.RecordAsync(db, new AuditEvent("ip.blocked", "ip", ip, new { reason = row.Reason, blocked_until = until }, actor.UserCode), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        blocklist.Invalidate();
        return TypedResults.Created((string?)null, new BlockedIpView(ip, row.Reason, until, row.CreatedBy, now));
    }

    internal static async Task<NoContent> UnblockAsync(string ipAddress, ClaimsPrincipal principal, AppDb db, IUserDirectory users, IAuditTrail audit, IpBlocklist blocklist,
        CancellationToken cancellationToken)
    {
        var (actor, _) = await ScopeAsync(principal, db, users, cancellationToken);
        var ip = IPAddress.TryParse(ipAddress, out var parsed) ? parsed.ToString() : throw ApiProblemException.Validation("ip_address", "Not an IP address.");
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            if (await db.GetTable<BlockedIp>().Where(b => b.IpAddress == ip).DeleteAsync(cancellationToken) == 0)
            {
                throw ApiProblemException.NotFound("This address is not blocked.");
            }
            await audit.RecordAsync(db, new AuditEvent("ip.unblocked", "ip", ip, null, actor.UserCode), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        blocklist.Invalidate();
        return TypedResults.NoContent();
    }

    private static async Task<Ok<UserSuspiciousActivity>> UserActivityAsync(string userCode, ClaimsPrincipal principal, AppDb db, IUserDirectory users, IRiskScores risk,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var (actor, alerts) = await ScopeAsync(principal, db, users, cancellationToken);
        var target = await users.FindByCodeAsync(db, userCode.ToUpperInvariant(), cancellationToken);
        if (target is null || !Hierarchy.Sees(actor, target))
        {
            throw ApiProblemException.NotFound("No such user in your reach.");
        }
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        var events = await db.GetTable<SecurityEvent>().Where(e => e.UserId == target.Id && Instants.AtOrAfter(e.OccurredAt, since)).OrderByDescending(e => e.OccurredAt).Take(200)
            .Select(e => new EventView(e.Kind, e.IpAddress, e.UserCode, e.Subject, e.OccurredAt)).ToListAsync(cancellationToken);
        var open = await db.GetTable<SecurityAlert>().Where(a => a.UserCode == target.UserCode && a.Status != AlertStatuses.Resolved).OrderByDescending(a => a.CreatedAt).Take(50)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new UserSuspiciousActivity(target.UserCode, await risk.ScoreAsync(db, target.Id, cancellationToken), events, open.Select(View).ToList()));
    }
}
