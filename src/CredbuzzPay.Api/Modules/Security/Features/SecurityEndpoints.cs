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

public sealed record AlertsReport(int Days, long TotalAlerts, long Critical, long High, long Medium, long Low, Paged<AlertView> Alerts);

public sealed record SecuritySummary(int Days, IReadOnlyDictionary<string, long> OpenAlertsBySeverity, long AlertsInWindow, long FailedLogins, long BlockedIps,
    IReadOnlyList<RiskyUser> RiskiestUsers);

public sealed record RiskyUser(string UserCode, long Signals);

public sealed record IpThreat(string IpAddress, long FailedLogins, long AccountsTried, bool Blocked, DateTime? BlockedUntil);

public sealed record EventView(string Kind, string? IpAddress, string? UserCode, string? Subject, DateTime OccurredAt);

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
        var failed = seesAll ? await events.LongCountAsync(e => e.Kind == SignalKinds.LoginFailed, cancellationToken) : 0;
        var risky = seesAll
            ? await events.Where(e => e.UserCode != null && e.Kind != SignalKinds.LoginSucceeded).GroupBy(e => e.UserCode!).Select(g => new { g.Key, Count = g.LongCount() })
                .OrderByDescending(g => g.Count).Take(10).ToListAsync(cancellationToken)
            : [];
        return TypedResults.Ok(new SecuritySummary(window, Severities.All.ToDictionary(s => s, s => open.GetValueOrDefault(s)),
            await alerts.LongCountAsync(a => Instants.AtOrAfter(a.CreatedAt, since), cancellationToken), failed,
            seesAll ? await db.GetTable<BlockedIp>().LongCountAsync(b => b.BlockedUntil == null || b.BlockedUntil > now, cancellationToken) : 0,
            risky.Select(r => new RiskyUser(r.Key, r.Count)).ToList()));
    }

    private static async Task<Ok<AlertsReport>> AlertsAsync(int? days, string? status, string? severity, HttpRequest http, ClaimsPrincipal principal, AppDb db,
        IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var window = Days(days);
        var page = PageRequest.From(http);
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
        return TypedResults.Ok(new AlertsReport(window, bySeverity.Values.Sum(), bySeverity.GetValueOrDefault(Severities.Critical), bySeverity.GetValueOrDefault(Severities.High),
            bySeverity.GetValueOrDefault(Severities.Medium), bySeverity.GetValueOrDefault(Severities.Low), page.ToPaged(http, count, rows.Select(View).ToList())));
    }

    private static async Task<Ok<IReadOnlyList<IpThreat>>> ThreatsAsync(int? days, AppDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-Days(days));
        var rows = await db.GetTable<SecurityEvent>().Where(e => e.Kind == SignalKinds.LoginFailed && Instants.AtOrAfter(e.OccurredAt, since) && e.IpAddress != null)
            .GroupBy(e => e.IpAddress!).Select(g => new { Ip = g.Key, Failed = g.LongCount(), Accounts = g.Select(e => e.Subject).Distinct().LongCount() })
            .OrderByDescending(g => g.Failed).Take(50).ToListAsync(cancellationToken);
        var ips = rows.Select(r => r.Ip).ToList();
        var blocked = await db.GetTable<BlockedIp>().Where(b => ips.Contains(b.IpAddress) && (b.BlockedUntil == null || b.BlockedUntil > now))
            .ToDictionaryAsync(b => b.IpAddress, b => b.BlockedUntil, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<IpThreat>>(rows.Select(r => new IpThreat(r.Ip, r.Failed, r.Accounts, blocked.ContainsKey(r.Ip), blocked.GetValueOrDefault(r.Ip))).ToList());
    }

    private static async Task<Ok<Paged<EventView>>> ActivitiesAsync(int? days, HttpRequest http, AppDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Days(days));
        var page = PageRequest.From(http);
        var events = db.GetTable<SecurityEvent>().Where(e => Instants.AtOrAfter(e.OccurredAt, since) && e.Kind != SignalKinds.LoginSucceeded);
        var count = await events.LongCountAsync(cancellationToken);
        var rows = await events.OrderByDescending(e => e.OccurredAt).ThenBy(e => e.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(e => new EventView(e.Kind, e.IpAddress, e.UserCode, e.Subject, e.OccurredAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows));
    }

    private static async Task<Ok<AlertView>> ActOnAlertAsync(Guid alertId, string action, AlertActionRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
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

    private static async Task<Ok<IReadOnlyList<BlockedIpView>>> BlocklistAsync(AppDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.GetTable<BlockedIp>().Where(b => b.BlockedUntil == null || b.BlockedUntil > now).OrderBy(b => b.CreatedAt).Take(1000)
            .Select(b => new BlockedIpView(b.IpAddress, b.Reason, b.BlockedUntil, b.CreatedBy, b.CreatedAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<BlockedIpView>>(rows);
    }

    private static async Task<Created<BlockedIpView>> BlockAsync(BlockIpRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, IAuditTrail audit,
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

    private static async Task<NoContent> UnblockAsync(string ipAddress, ClaimsPrincipal principal, AppDb db, IUserDirectory users, IAuditTrail audit, IpBlocklist blocklist,
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
