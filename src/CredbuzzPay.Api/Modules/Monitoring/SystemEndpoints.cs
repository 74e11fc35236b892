using System.Diagnostics;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Metrics;
using CredbuzzPay.Api.Platform.Notifications;
using CredbuzzPay.Api.Platform.Storage;
using LinqToDB.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Quartz;

namespace CredbuzzPay.Api.Modules.Monitoring;

public sealed record DatabaseHealth(string Status, string Provider, double? LatencyMs);

public sealed record SchedulerHealth(string Status, string? InstanceId, bool Clustered, int? JobsRunning);

public sealed record OutboxHealth(string Status, long Pending, double? OldestPendingMinutes, long Dead);

public sealed record DiskHealth(string Status, long FreeBytes, long TotalBytes, double FreePercent);

/// <summary>
/// Seed 003 #49: <c>status</c>, <c>database</c> ("connected" or "disconnected"), <c>cache</c> ("not_configured":
/// no cache is used yet), <c>response_time</c> (the database's, "2ms"), <c>uptime</c> ("3 days 4 hours"); the
/// details beside them under their own names.
/// </summary>
public sealed record SystemHealth(string Status, string Database, string Cache, string? ResponseTime, string Uptime, DatabaseHealth DatabaseDetail,
    SchedulerHealth Scheduler, OutboxHealth Outbox, DiskHealth Disk, double UptimeSeconds, DateTime StartedAt, string Node, string Version);

/// <summary>
/// Seed 003 #49, #50: the service's own health (database, job scheduler, outbox backlog, disk,
/// uptime) and request statistics from this node's own metrics. <c>unhealthy</c> when the database
/// does not answer; <c>degraded</c> when the scheduler is stopped, messages wait over 10 minutes or
/// were given up on, or disk is below 10 % free.
/// </summary>
public static class SystemEndpoints
{
    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder api)
    {
        var system = api.MapGroup("/admin/system").WithTags("System");
        system.MapGet("/health", HealthAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Database, job scheduler, outbox backlog, disk, uptime.");
        system.MapGet("/api_statistics", Statistics).RequireStaff(Roles.Admin, auditorMayRead: true)
            .WithSummary("?hours=24: requests, error rate, latency percentiles, top endpoints (this node).");
        return api;
    }

    internal static async Task<Ok<SystemHealth>> HealthAsync(AppDb db, OutboxMonitor outbox, RequestMetrics metrics, IServiceProvider services, IOptions<StorageOptions> storage,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        DatabaseHealth database;
        OutboxHealth outboxHealth;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await db.ExecuteAsync("SELECT 1", cancellationToken);
            database = new DatabaseHealth("up", db.Provider.ToString().ToLowerInvariant(), Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2));
            var backlog = await outbox.BacklogAsync(db, cancellationToken);
            var oldest = backlog.OldestPendingAt is { } at ? Math.Round((now - at).TotalMinutes, 1) : (double?)null;
            outboxHealth = new OutboxHealth(backlog.Dead > 0 || oldest > 10 ? "degraded" : "up", backlog.Pending, oldest, backlog.Dead);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            database = new DatabaseHealth("down", db.Provider.ToString().ToLowerInvariant(), null);
            outboxHealth = new OutboxHealth("unknown", 0, null, 0);
        }

        var scheduler = await SchedulerAsync(services, cancellationToken);
        var drive = new DriveInfo(Path.GetFullPath(storage.Value.DataDirectory));
        var freePercent = drive.TotalSize == 0 ? 0 : Math.Round(100.0 * drive.AvailableFreeSpace / drive.TotalSize, 1);
        var disk = new DiskHealth(freePercent < 10 ? "degraded" : "up", drive.AvailableFreeSpace, drive.TotalSize, freePercent);
        var status = database.Status != "up" ? "unhealthy"
            : scheduler.Status == "up" && outboxHealth.Status == "up" && disk.Status == "up" ? "healthy" : "degraded";
        var uptime = now - metrics.StartedAt;
        return TypedResults.Ok(new SystemHealth(status, database.Status == "up" ? "connected" : "disconnected", "not_configured",
            database.LatencyMs is { } ms ? $"{Math.Round(ms):0}ms" : null, Human(uptime), database, scheduler, outboxHealth, disk, Math.Round(uptime.TotalSeconds),
            metrics.StartedAt, Environment.MachineName, typeof(SystemEndpoints).Assembly.GetName().Version?.ToString() ?? "0"));
    }

    /// <summary>"3 days 4 hours", "2 hours 5 minutes", "40 seconds".</summary>
    internal static string Human(TimeSpan span)
    {
        static string Of(int n, string unit) => $"{n} {unit}{(n == 1 ? "" : "s")}";
        return span.TotalDays >= 1 ? $"{Of((int)span.TotalDays, "day")} {Of(span.Hours, "hour")}"
            : span.TotalHours >= 1 ? $"{Of((int)span.TotalHours, "hour")} {Of(span.Minutes, "minute")}"
            : span.TotalMinutes >= 1 ? Of((int)span.TotalMinutes, "minute")
            : Of(Math.Max(0, (int)span.TotalSeconds), "second");
    }

    private static async Task<SchedulerHealth> SchedulerAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var factory = services.GetService<ISchedulerFactory>();
        if (factory is null || !services.GetRequiredService<IOptions<Platform.Jobs.JobOptions>>().Value.Enabled)
        {
            return new SchedulerHealth("disabled", null, false, null);
        }
        var scheduler = await factory.GetScheduler(cancellationToken);
        var meta = await scheduler.GetMetaData(cancellationToken);
        var running = (await scheduler.GetCurrentlyExecutingJobs(cancellationToken)).Count;
        var status = scheduler.IsShutdown ? "down" : scheduler.InStandbyMode || !scheduler.IsStarted ? "standby" : "up";
        return new SchedulerHealth(status, scheduler.SchedulerInstanceId, meta.JobStoreClustered, running);
    }

    internal static Ok<RequestSummary> Statistics(int? hours, RequestMetrics metrics, TimeProvider clock)
    {
        var window = hours ?? 24;
        if (window is < 1 or > 168)
        {
            throw ApiProblemException.Validation("hours", "A whole number of hours from 1 to 168.");
        }
        return TypedResults.Ok(metrics.Summarise(clock.GetUtcNow().UtcDateTime, window));
    }
}
