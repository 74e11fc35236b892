using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Modules.Audit.Features.VerifyChain;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Audit.Features.Reports;

/// <summary>
/// One audit row. Seed 003 #29's names stand beside ours: <c>id</c> is the sequence, <c>user_id</c> the
/// actor (a user code, or <c>system:...</c> / a masked identifier for rows no user wrote),
/// <c>timestamp</c> the time, <c>description</c> a sentence made from the action and its target.
/// </summary>
public sealed record AuditRow(long Id, long Sequence, DateTime Timestamp, DateTime OccurredAt, string UserId, string Actor, string Action, string Description,
    string? TargetType, string? TargetId, string? IpAddress, string? UserAgent, string? CorrelationId, JsonElement? Detail);

/// <summary>Seed 003 #30: one user's rows in the window, counted by action, the newest as <c>recent_actions</c> (paginated, also as <c>results</c>).</summary>
public sealed record UserAuditReport(string UserId, string UserCode, int Days, long TotalActions, IReadOnlyDictionary<string, long> ActionsByType,
    IReadOnlyList<AuditRow> RecentActions, long Count, string? Next, string? Previous, IReadOnlyList<AuditRow> Results);

/// <summary>
/// Seed 003 #32 (<c>total_events</c>, <c>today</c>, <c>this_week</c>, <c>this_month</c>, <c>top_actions</c> as names,
/// <c>peak_hours</c>) beside the window's own figures. Today, the week and the month are the last 1, 7 and 30
/// UTC days, today included; peak hours are the busiest hours of the day (UTC) in the window.
/// </summary>
public sealed record AuditStatistics(int Days, long TotalEvents, long Today, long ThisWeek, long ThisMonth, IReadOnlyList<string> TopActions,
    IReadOnlyDictionary<string, long> TopActionCounts, IReadOnlyList<string> PeakHours, long UniqueActors, IReadOnlyDictionary<string, long> PerDay);

/// <summary>The trail's filters: <c>action</c>, the user (<c>user_code</c>, or seed 003's <c>user_id</c>), <c>days</c> (default 7).</summary>
public sealed record AuditTrailQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "action")] string? Action,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_code")] string? UserCode,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_id")] string? UserId,
    [property: System.ComponentModel.DataAnnotations.Range(1, 366)][Microsoft.AspNetCore.Mvc.FromQuery(Name = "days")] int? Days);

public sealed record AuditVerification(bool Intact, long RowsChecked, long? FirstBrokenSequence, string? Problem);

/// <summary>
/// Seed 003 #29-#32 and the chain check: the staff's view of the audit trail. Auditors, super_admin
/// and master read everything; an admin reads the rows written by people of their own branch.
/// </summary>
internal static class AuditEndpoints
{
    private const int MaxDays = 366;

    public static void MapAuditEndpoints(this IEndpointRouteBuilder api)
    {
        var audit = api.MapGroup("/admin/audit").WithTags("Audit");
        audit.MapGet("/get_audit_trail", TrailAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Rows newest first, by action, by or about a user, in the last days (default 7).");
        audit.MapGet("/get_user_audit/{userCode}", UserAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Rows by or about one user (days, default 30), counted by action.");
        audit.MapGet("/export_logs", ExportAsync).RequireStaff(Roles.Admin, auditorMayRead: true)
            .WithSummary("format=csv|jsonl, start_date and end_date (yyyy-MM-dd): streamed in sequence order, constant memory.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson");
        audit.MapGet("/get_statistics", StatisticsAsync).RequireStaff(Roles.Admin, auditorMayRead: true)
            .WithSummary("The last days UTC days (default 30), today included: totals, today/week/month, top actions, peak hours, events per day.");
        audit.MapGet("/verify", VerifyAsync).RequireStaff(Roles.SuperAdmin, auditorMayRead: true).WithSummary("Check the hash chain; answers the first broken row, if any.");
    }

    private static async Task<IQueryable<AuditRecord>> ScopeAsync(ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var branch = Hierarchy.ReadLimit(await users.CallerAsync(db, principal, cancellationToken));
        var rows = db.GetTable<AuditRecord>().AsQueryable();
        return branch is null ? rows : rows.Where(r => r.BranchCode == branch);
    }

    private static int Days(int? days, int fallback) =>
        days is null ? fallback : days is >= 1 and <= MaxDays ? days.Value : throw ApiProblemException.Validation("days", $"A whole number of days from 1 to {MaxDays}.");

    private static async Task<Ok<Paged<AuditRow>>> TrailAsync([AsParameters] AuditTrailQuery filters, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal,
        AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var rows = await TrailQueryAsync(filters, principal, db, users, clock, cancellationToken);
        return TypedResults.Ok(await PageAsync(http, page, rows, cancellationToken));
    }

    /// <summary>One page of the trail in the caller's reach, newest first (the console's audit browser).</summary>
    internal static async Task<(long Count, IReadOnlyList<AuditRow> Rows)> TrailPageAsync(AuditTrailQuery filters, PageRequest page, ClaimsPrincipal principal,
        AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var rows = await TrailQueryAsync(filters, principal, db, users, clock, cancellationToken);
        var count = await rows.LongCountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.Sequence).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return (count, items.Select(Row).ToList());
    }

    /// <summary>One row by its sequence, when the caller may read it (404 otherwise).</summary>
    internal static async Task<AuditRow> RowAsync(long sequence, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken) =>
        (await (await ScopeAsync(principal, db, users, cancellationToken)).Where(r => r.Sequence == sequence).ToListAsync(cancellationToken)).Select(Row).FirstOrDefault()
        ?? throw ApiProblemException.NotFound("No such audit row in your reach.");

    private static async Task<IQueryable<AuditRecord>> TrailQueryAsync(AuditTrailQuery filters, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Days(filters.Days, 7));
        var rows = (await ScopeAsync(principal, db, users, cancellationToken)).Where(r => Instants.AtOrAfter(r.OccurredAt, since));
        if (!string.IsNullOrWhiteSpace(filters.Action))
        {
            // An action or its family: seed 003's action=login finds login.succeeded, login.failed and login.locked.
            var action = filters.Action.Trim();
            var family = action + ".";
            rows = rows.Where(r => r.Action == action || r.Action.StartsWith(family));
        }
        if ((filters.UserCode ?? filters.UserId) is { Length: > 0 } userCode)
        {
            var code = userCode.Trim().ToUpperInvariant();
            rows = rows.Where(r => r.Actor == code || (r.TargetType == "user" && r.TargetId == code));
        }
        return rows;
    }

    private static async Task<Ok<UserAuditReport>> UserAsync(string userCode, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "days")] int? days, [AsParameters] PageQuery paging,
        HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var window = Days(days, 30);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-window);
        var code = userCode.ToUpperInvariant();
        // Like every other staff view of one user: unknown or out of reach is a 404, not an empty page.
        var target = await users.FindByCodeAsync(db, code, cancellationToken);
        if (target is null || !Hierarchy.Sees(await users.CallerAsync(db, principal, cancellationToken), target))
        {
            throw ApiProblemException.NotFound("No such user in your reach.");
        }
        var rows = (await ScopeAsync(principal, db, users, cancellationToken))
            .Where(r => Instants.AtOrAfter(r.OccurredAt, since) && (r.Actor == code || (r.TargetType == "user" && r.TargetId == code)));
        var byType = await rows.GroupBy(r => r.Action).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var paged = await PageAsync(http, page, rows, cancellationToken);
        return TypedResults.Ok(new UserAuditReport(target.UserCode, target.UserCode, window, paged.Count,
            byType.OrderByDescending(t => t.Count).ThenBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Count),
            paged.Results, paged.Count, paged.Next, paged.Previous, paged.Results));
    }

    private static async Task<Paged<AuditRow>> PageAsync(HttpRequest http, PageRequest page, IQueryable<AuditRecord> rows, CancellationToken cancellationToken)
    {
        var count = await rows.LongCountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.Sequence).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return page.ToPaged(http, count, items.Select(Row).ToList());
    }

    private static AuditRow Row(AuditRecord r) =>
        new(r.Sequence, r.Sequence, r.OccurredAt, r.OccurredAt, r.Actor, r.Actor, r.Action, Describe(r), r.TargetType, r.TargetId, r.IpAddress, r.UserAgent, r.CorrelationId,
            r.Detail is null ? null : JsonDocument.Parse(r.Detail).RootElement.Clone());

    /// <summary>"user.role_changed" on user ABC123 → "User role changed: user ABC123".</summary>
    internal static string Describe(AuditRecord r)
    {
        var words = r.Action.Replace('.', ' ').Replace('_', ' ');
        var sentence = words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
        return r.TargetType is null ? sentence : $"{sentence}: {r.TargetType.Replace('_', ' ')} {r.TargetId}".TrimEnd();
    }

    /// <summary>
    /// The last <c>days</c> UTC calendar days, today included, from the running totals kept with each
    /// append (<see cref="AuditCounters"/>): a few hundred rows whatever the trail's size.
    /// </summary>
    private static async Task<Ok<AuditStatistics>> StatisticsAsync([Microsoft.AspNetCore.Mvc.FromQuery(Name = "days")] int? window, ClaimsPrincipal principal, AppDb db,
        IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var days = Days(window, 30);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = Instants.StartOfLastDays(now, days);
        var branch = Hierarchy.ReadLimit(await users.CallerAsync(db, principal, cancellationToken));
        var counts = db.GetTable<AuditDailyCount>().Where(c => Instants.AtOrAfter(c.Day, since));
        var seen = db.GetTable<AuditActorLastSeen>().Where(s => Instants.AtOrAfter(s.LastAt, since));
        var hourly = db.GetTable<AuditHourlyCount>().Where(h => Instants.AtOrAfter(h.Hour, since));
        var month = Instants.StartOfLastDays(now, 30);
        var recent = db.GetTable<AuditDailyCount>().Where(c => Instants.AtOrAfter(c.Day, month));
        if (branch is not null)
        {
            counts = counts.Where(c => c.BranchKey == branch);
            seen = seen.Where(s => s.BranchKey == branch);
            hourly = hourly.Where(h => h.BranchKey == branch);
            recent = recent.Where(c => c.BranchKey == branch);
        }
        var groups = await counts.GroupBy(c => new { c.Day, c.Action }).Select(g => new { g.Key.Day, g.Key.Action, Count = g.Sum(c => c.Events) })
            .ToListAsync(cancellationToken);
        var actors = await seen.Select(s => Aggregates.CountDistinct(s.Actor)).FirstAsync(cancellationToken);
        var top = groups.GroupBy(g => g.Action).Select(g => (Action: g.Key, Count: g.Sum(x => x.Count)))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Action, StringComparer.Ordinal).Take(10);
        var perDay = groups.GroupBy(g => g.Day).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), g => g.Sum(x => x.Count));
        var lastDays = await recent.GroupBy(c => c.Day).Select(g => new { g.Key, Events = g.Sum(c => c.Events) }).ToListAsync(cancellationToken);
        long Since(int n) => lastDays.Where(d => d.Key >= Instants.StartOfLastDays(now, n)).Sum(d => d.Events);
        var hours = await hourly.Select(h => new { h.Hour, h.Events }).ToListAsync(cancellationToken);
        var peaks = hours.GroupBy(h => h.Hour.Hour).Select(g => (Hour: g.Key, Events: g.Sum(x => x.Events)))
            .OrderByDescending(h => h.Events).ThenBy(h => h.Hour).Take(3).Select(h => $"{h.Hour:00}:00-{(h.Hour + 1) % 24:00}:00").ToList();
        var topList = top.ToList();
        return TypedResults.Ok(new AuditStatistics(days, groups.Sum(g => g.Count), Since(1), Since(7), Since(30), topList.Select(t => t.Action).ToList(),
            topList.ToDictionary(t => t.Action, t => t.Count), peaks, actors, perDay));
    }

    internal static async Task<Ok<AuditVerification>> VerifyAsync(AuditChainVerifier verifier, CancellationToken cancellationToken)
    {
        var report = await verifier.VerifyAsync(cancellationToken);
        return TypedResults.Ok(new AuditVerification(report.Intact, report.RowsChecked, report.FirstBrokenSequence, report.Problem));
    }

    /// <summary>Streams rows in sequence order a batch at a time (keyset on the unique sequence), so memory stays flat for any number of rows.</summary>
    internal static async Task ExportAsync([Microsoft.AspNetCore.Mvc.FromQuery(Name = "format")] string? requestedFormat,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "start_date")] string? startDate, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "end_date")] string? endDate,
        HttpContext http, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var format = string.IsNullOrEmpty(requestedFormat) ? "csv" : requestedFormat;
        if (format is not ("csv" or "jsonl"))
        {
            throw ApiProblemException.Validation("format", "format must be csv or jsonl.");
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = Date(startDate, "start_date") ?? today.AddDays(-30);
        var end = Date(endDate, "end_date") ?? today;
        if (end < start || end.DayNumber - start.DayNumber > MaxDays)
        {
            throw ApiProblemException.Validation("end_date", $"end_date must be on or after start_date, at most {MaxDays} days later.");
        }
        var from = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = end.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rows = (await ScopeAsync(principal, db, users, cancellationToken)).Where(r => Instants.AtOrAfter(r.OccurredAt, from) && Instants.Before(r.OccurredAt, to));

        http.Response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{start:yyyyMMdd}-{end:yyyyMMdd}.{format}\"";
        http.Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 64 * 1024);
        await using var csv = format == "csv"
            ? CsvHelper.CsvWriter.Create(writer, new CsvHelper.CsvWriterOptions { Injection = CsvHelper.CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, true)
            : null;
        if (csv is not null)
        {
            foreach (var header in new[] { "sequence", "occurred_at", "actor", "action", "target_type", "target_id", "ip_address", "user_agent", "correlation_id", "detail", "hash" })
            {
                csv.WriteField(header);
            }
            await csv.EndRecordAsync(cancellationToken);
        }
        const int Batch = 2000;
        var after = 0L;
        while (true)
        {
            var last = after;
            var batch = await rows.Where(r => r.Sequence > last).OrderBy(r => r.Sequence).Take(Batch).ToListAsync(cancellationToken);
            foreach (var r in batch)
            {
                var occurred = r.OccurredAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
                if (csv is not null)
                {
                    foreach (var field in new[] { r.Sequence.ToString(CultureInfo.InvariantCulture), occurred, r.Actor, r.Action, r.TargetType ?? "", r.TargetId ?? "",
                        r.IpAddress ?? "", r.UserAgent ?? "", r.CorrelationId ?? "", r.Detail ?? "", r.Hash })
                    {
                        csv.WriteField(field);
                    }
                    await csv.EndRecordAsync(cancellationToken);
                }
                else
                {
                    await writer.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        sequence = r.Sequence, occurred_at = occurred, actor = r.Actor, action = r.Action, target_type = r.TargetType, target_id = r.TargetId,
                        ip_address = r.IpAddress, user_agent = r.UserAgent, correlation_id = r.CorrelationId, detail = r.Detail is null ? (JsonElement?)null : JsonDocument.Parse(r.Detail).RootElement, hash = r.Hash,
                    }));
                }
            }
            if (csv is not null)
            {
                await csv.FlushAsync(cancellationToken);
            }
            await writer.FlushAsync(cancellationToken);
            if (batch.Count < Batch)
            {
                break;
            }
            after = batch[^1].Sequence;
        }
    }

    private static DateOnly? Date(string? raw, string name)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }
        return DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw ApiProblemException.Validation(name, "Give the date as yyyy-MM-dd.");
    }
}
