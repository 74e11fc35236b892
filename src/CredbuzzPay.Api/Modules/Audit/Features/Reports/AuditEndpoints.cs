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

public sealed record AuditRow(long Sequence, DateTime OccurredAt, string Actor, string Action, string? TargetType, string? TargetId, string? IpAddress,
    string? UserAgent, string? CorrelationId, JsonElement? Detail);

public sealed record AuditStatistics(int Days, long TotalEvents, long UniqueActors, IReadOnlyDictionary<string, long> TopActions, IReadOnlyDictionary<string, long> PerDay);

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
        audit.MapGet("/get_audit_trail", TrailAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("?action=&user_code=&days=7&page=&page_size=; newest first.");
        audit.MapGet("/get_user_audit/{userCode}", UserAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Rows by or about one user; ?days=30&page=.");
        audit.MapGet("/export_logs", ExportAsync).RequireStaff(Roles.Admin, auditorMayRead: true)
            .WithSummary("?format=csv|jsonl&start_date=yyyy-MM-dd&end_date=yyyy-MM-dd: streamed in sequence order, constant memory.");
        audit.MapGet("/get_statistics", StatisticsAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("?days=30: the last N UTC days, today included: totals, distinct actors, top actions, events per day.");
        audit.MapGet("/verify", VerifyAsync).RequireStaff(Roles.SuperAdmin, auditorMayRead: true).WithSummary("Check the hash chain; answers the first broken row, if any.");
    }

    private static async Task<IQueryable<AuditRecord>> ScopeAsync(ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var branch = Hierarchy.ReadLimit(await users.CallerAsync(db, principal, cancellationToken));
        var rows = db.GetTable<AuditRecord>().AsQueryable();
        return branch is null ? rows : rows.Where(r => r.BranchCode == branch);
    }

    private static int Days(HttpRequest http, int fallback)
    {
        var raw = http.Query["days"].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }
        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaxDays
            ? days
            : throw ApiProblemException.Validation("days", $"A whole number of days from 1 to {MaxDays}.");
    }

    private static async Task<Ok<Paged<AuditRow>>> TrailAsync(HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(http);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Days(http, 7));
        var rows = (await ScopeAsync(principal, db, users, cancellationToken)).Where(r => Instants.AtOrAfter(r.OccurredAt, since));
        if (http.Query["action"].ToString() is { Length: > 0 } action)
        {
            rows = rows.Where(r => r.Action == action);
        }
        if (http.Query["user_code"].ToString() is { Length: > 0 } userCode)
        {
            var code = userCode.ToUpperInvariant();
            rows = rows.Where(r => r.Actor == code || (r.TargetType == "user" && r.TargetId == code));
        }
        return TypedResults.Ok(await PageAsync(http, page, rows, cancellationToken));
    }

    private static async Task<Ok<Paged<AuditRow>>> UserAsync(string userCode, HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var page = PageRequest.From(http);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Days(http, 30));
        var code = userCode.ToUpperInvariant();
        // Like every other staff view of one user: unknown or out of reach is a 404, not an empty page.
        var target = await users.FindByCodeAsync(db, code, cancellationToken);
        if (target is null || !Hierarchy.Sees(await users.CallerAsync(db, principal, cancellationToken), target))
        {
            throw ApiProblemException.NotFound("No such user in your reach.");
        }
        var rows = (await ScopeAsync(principal, db, users, cancellationToken))
            .Where(r => Instants.AtOrAfter(r.OccurredAt, since) && (r.Actor == code || (r.TargetType == "user" && r.TargetId == code)));
        return TypedResults.Ok(await PageAsync(http, page, rows, cancellationToken));
    }

    private static async Task<Paged<AuditRow>> PageAsync(HttpRequest http, PageRequest page, IQueryable<AuditRecord> rows, CancellationToken cancellationToken)
    {
        var count = await rows.LongCountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.Sequence).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return page.ToPaged(http, count, items.Select(Row).ToList());
    }

    private static AuditRow Row(AuditRecord r) =>
        new(r.Sequence, r.OccurredAt, r.Actor, r.Action, r.TargetType, r.TargetId, r.IpAddress, r.UserAgent, r.CorrelationId,
            r.Detail is null ? null : JsonDocument.Parse(r.Detail).RootElement.Clone());

    /// <summary>
    /// The last <c>days</c> UTC calendar days, today included, from the running totals kept with each
    /// append (<see cref="AuditCounters"/>): a few hundred rows whatever the trail's size.
    /// </summary>
    private static async Task<Ok<AuditStatistics>> StatisticsAsync(HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var days = Days(http, 30);
        var since = Instants.StartOfLastDays(clock.GetUtcNow().UtcDateTime, days);
        var branch = Hierarchy.ReadLimit(await users.CallerAsync(db, principal, cancellationToken));
        var counts = db.GetTable<AuditDailyCount>().Where(c => Instants.AtOrAfter(c.Day, since));
        var seen = db.GetTable<AuditActorLastSeen>().Where(s => Instants.AtOrAfter(s.LastAt, since));
        if (branch is not null)
        {
            counts = counts.Where(c => c.BranchKey == branch);
            seen = seen.Where(s => s.BranchKey == branch);
        }
        var groups = await counts.GroupBy(c => new { c.Day, c.Action }).Select(g => new { g.Key.Day, g.Key.Action, Count = g.Sum(c => c.Events) })
            .ToListAsync(cancellationToken);
        var actors = await seen.Select(s => Aggregates.CountDistinct(s.Actor)).FirstAsync(cancellationToken);
        var top = groups.GroupBy(g => g.Action).Select(g => (Action: g.Key, Count: g.Sum(x => x.Count)))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Action, StringComparer.Ordinal).Take(10);
        var perDay = groups.GroupBy(g => g.Day).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), g => g.Sum(x => x.Count));
        return TypedResults.Ok(new AuditStatistics(days, groups.Sum(g => g.Count), actors, top.ToDictionary(t => t.Action, t => t.Count), perDay));
    }

    private static async Task<Ok<AuditVerification>> VerifyAsync(AuditChainVerifier verifier, CancellationToken cancellationToken)
    {
        var report = await verifier.VerifyAsync(cancellationToken);
        return TypedResults.Ok(new AuditVerification(report.Intact, report.RowsChecked, report.FirstBrokenSequence, report.Problem));
    }

    /// <summary>Streams rows in sequence order a batch at a time (keyset on the unique sequence), so memory stays flat for any number of rows.</summary>
    private static async Task ExportAsync(HttpContext http, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var format = http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "csv";
        if (format is not ("csv" or "jsonl"))
        {
            throw ApiProblemException.Validation("format", "format must be csv or jsonl.");
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = Date(http.Request, "start_date") ?? today.AddDays(-30);
        var end = Date(http.Request, "end_date") ?? today;
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

    private static DateOnly? Date(HttpRequest request, string name)
    {
        var raw = request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return null;
        }
        return DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw ApiProblemException.Validation(name, "Give the date as yyyy-MM-dd.");
    }
}
