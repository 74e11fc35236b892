using System.Security.Claims;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Fraud.Contracts;
using CredbuzzPay.Api.Modules.Fraud.Data;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Fraud.Features;

/// <summary>Seed 001's fraud alert, with the transaction and user it is about.</summary>
public sealed record FraudAlertView(string AlertId, string AlertType, string Severity, string Status, string Title, string Description, int RiskScore, DateTime CreatedAt,
    string? TransactionId, string UserCode, string? BranchCode, string? Note, string? HandledBy, DateTime UpdatedAt);

/// <summary>The list's filters: status, severity, alert_type, and the last <c>days</c> days.</summary>
public sealed record FraudAlertQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] string? Status,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "severity")] string? Severity,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "alert_type")] string? AlertType,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "days")] int? Days);

/// <summary>A staff note on an alert's handling.</summary>
public sealed record FraudAlertNoteRequest(string? Note);

/// <summary>Seed 001's "List Fraud Alerts": admins (their branch), super_admin, master and auditors read; staff (not auditors) handle them.</summary>
internal static class FraudAlertEndpoints
{
    private static readonly string[] States = [FraudAlertStatuses.Open, FraudAlertStatuses.Investigating, FraudAlertStatuses.Resolved, FraudAlertStatuses.FalsePositive];
    private static readonly string[] Severities = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

    public static void MapFraudAlertEndpoints(this IEndpointRouteBuilder api)
    {
        var read = api.MapGroup("/fraud-alerts").RequireStaff(Roles.Admin, auditorMayRead: true).WithTags("Fraud alerts");
        read.MapGet("/", ListAsync).WithSummary("Fraud alerts in your reach, newest first (?status=&severity=&alert_type=&days=).");
        read.MapGet("/{alertId}/", DetailAsync).WithSummary("One fraud alert in your reach.");
        var act = api.MapGroup("/fraud-alerts").RequireStaff(Roles.Admin).WithTags("Fraud alerts");
        act.MapPost("/{alertId}/investigate", InvestigateAsync).WithSummary("{note}: OPEN to INVESTIGATING.");
        act.MapPost("/{alertId}/resolve", ResolveAsync).WithSummary("{note}: OPEN or INVESTIGATING to RESOLVED.");
        act.MapPost("/{alertId}/false_positive", FalsePositiveAsync).WithSummary("{note}: OPEN or INVESTIGATING to FALSE_POSITIVE.");
    }

    internal static Task<Ok<FraudAlertView>> InvestigateAsync(string alertId, FraudAlertNoteRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        AlertHandling handling, CancellationToken cancellationToken) =>
        MoveAsync(alertId, request, principal, db, users, handling, FraudAlertStatuses.Investigating, [FraudAlertStatuses.Open], cancellationToken);

    internal static Task<Ok<FraudAlertView>> ResolveAsync(string alertId, FraudAlertNoteRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        AlertHandling handling, CancellationToken cancellationToken) =>
        MoveAsync(alertId, request, principal, db, users, handling, FraudAlertStatuses.Resolved, [FraudAlertStatuses.Open, FraudAlertStatuses.Investigating], cancellationToken);

    internal static Task<Ok<FraudAlertView>> FalsePositiveAsync(string alertId, FraudAlertNoteRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        AlertHandling handling, CancellationToken cancellationToken) =>
        MoveAsync(alertId, request, principal, db, users, handling, FraudAlertStatuses.FalsePositive, [FraudAlertStatuses.Open, FraudAlertStatuses.Investigating], cancellationToken);

    internal static async Task<Ok<Paged<FraudAlertView>>> ListAsync([AsParameters] FraudAlertQuery filters, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal,
        AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var query = InReach(db, staff);
        if (filters.Status is { Length: > 0 } status)
        {
            var state = status.Trim().ToUpperInvariant();
            query = States.Contains(state) ? query.Where(a => a.Status == state) : throw ApiProblemException.Validation("status", "One of OPEN, INVESTIGATING, RESOLVED, FALSE_POSITIVE.");
        }
        if (filters.Severity is { Length: > 0 } severity)
        {
            var level = severity.Trim().ToUpperInvariant();
            query = Severities.Contains(level) ? query.Where(a => a.Severity == level) : throw ApiProblemException.Validation("severity", "One of LOW, MEDIUM, HIGH, CRITICAL.");
        }
        if (filters.AlertType is { Length: > 0 } type)
        {
            var kind = type.Trim().ToUpperInvariant();
            query = FraudAlertTypes.All.Contains(kind) ? query.Where(a => a.AlertType == kind)
                : throw ApiProblemException.Validation("alert_type", "One of " + string.Join(", ", FraudAlertTypes.All) + ".");
        }
        if (filters.Days is { } days)
        {
            var since = days is >= 1 and <= 366 ? clock.GetUtcNow().UtcDateTime.AddDays(-days) : throw ApiProblemException.Validation("days", "days is 1 to 366.");
            query = query.Where(a => Instants.AtOrAfter(a.CreatedAt, since));
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(View).ToList()));
    }

    private static async Task<Ok<FraudAlertView>> DetailAsync(string alertId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var id = alertId.Trim().ToUpperInvariant();
        var alert = await InReach(db, staff).FirstOrDefaultAsync(a => a.AlertId == id, cancellationToken) ?? throw ApiProblemException.NotFound("No such fraud alert in your reach.");
        return TypedResults.Ok(View(alert));
    }

    private static async Task<Ok<FraudAlertView>> MoveAsync(string alertId, FraudAlertNoteRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        AlertHandling handling, string to, string[] from, CancellationToken cancellationToken)
    {
        var note = request.Note?.Trim();
        if (string.IsNullOrEmpty(note) || note.Length > 500)
        {
            throw ApiProblemException.Validation("note", "Say what was found or done, in 1 to 500 characters.");
        }
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var id = alertId.Trim().ToUpperInvariant();
        var alert = await InReach(db, staff).FirstOrDefaultAsync(a => a.AlertId == id, cancellationToken) ?? throw ApiProblemException.NotFound("No such fraud alert in your reach.");
        var now = handling.Clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var moved = await db.GetTable<FraudAlert>().Where(a => a.Id == alert.Id && from.Contains(a.Status))
            .Set(a => a.Status, to).Set(a => a.Note, note).Set(a => a.HandledBy, staff.UserCode).Set(a => a.UpdatedAt, now).UpdateAsync(cancellationToken);
        if (moved != 1)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", $"The alert is {alert.Status}; it cannot become {to}.", code: "alert_status");
        }
        await handling.Audit.RecordAsync(db, new AuditEvent("fraud.alert_" + to.ToLowerInvariant(), "fraud_alert", alert.AlertId, new { user = alert.UserCode, from = alert.Status, note }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(await db.GetTable<FraudAlert>().FirstAsync(a => a.Id == alert.Id, CancellationToken.None)));
    }

    /// <summary>Alerts staff may see: every branch for super_admin and above and auditors, their own branch for admins.</summary>
    internal static IQueryable<FraudAlert> InReach(AppDb db, UserSummary staff)
    {
        var alerts = db.GetTable<FraudAlert>().AsQueryable();
        if (Hierarchy.ReadLimit(staff) is { } branch)
        {
            var upper = branch.ToUpperInvariant();
            alerts = alerts.Where(a => a.BranchCode == upper);
        }
        return alerts;
    }

    private static FraudAlertView View(FraudAlert a) =>
        new(a.AlertId, a.AlertType, a.Severity, a.Status, a.Title, a.Description, a.RiskScore, a.CreatedAt, a.TransactionId, a.UserCode, a.BranchCode, a.Note, a.HandledBy, a.UpdatedAt);
}

/// <summary>What handling an alert needs besides the request: the audit trail and the clock.</summary>
internal sealed record AlertHandling(IAuditTrail Audit, TimeProvider Clock);
