using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Notifications;
using Microsoft.Extensions.Options;
using Quartz;

namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>
/// Quartz.NET runs the scheduled work. On PostgreSQL and MySQL its job store is the database,
/// clustered, so each firing runs on exactly one node; SQLite (one node by nature) uses the
/// in-memory store.
/// </summary>
internal static class JobsSetup
{
    /// <summary>India Standard Time (UTC+05:30 all year, no daylight saving): the banking day; built here so no tz database is needed.</summary>
    public static readonly TimeZoneInfo IndiaTime = TimeZoneInfo.CreateCustomTimeZone("Asia/Kolkata", new TimeSpan(5, 30, 0), "India Standard Time", "IST");

    public static IServiceCollection AddScheduledJobs(this IServiceCollection services, IConfiguration configuration, DatabaseProvider provider, string connectionString)
    {
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section).ValidateDataAnnotations()
            .Validate(o => CronExpression.IsValidExpression(o.CleanupCron), "Jobs:CleanupCron is not a valid Quartz cron expression.")
            .Validate(o => CronExpression.IsValidExpression(o.DayCloseCron), "Jobs:DayCloseCron is not a valid Quartz cron expression.")
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RetentionTable>();
        var jobs = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        var outbox = configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>()?.Outbox ?? new OutboxOptions();

        services.AddQuartz(q =>
        {
            q.SchedulerName = jobs.SchedulerName;
            q.SchedulerId = jobs.InstanceId;
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = 4);
            if (provider != DatabaseProvider.Sqlite)
            {
                q.UsePersistentStore(store =>
                {
                    store.UseProperties = true;
                    store.PerformSchemaValidation = false;
                    store.UseSerializer<QuartzJsonSerializer>();
                    store.UseClustering(cluster => cluster.CheckinInterval = TimeSpan.FromSeconds(jobs.ClusterCheckinSeconds));
                    if (provider == DatabaseProvider.Postgres)
                    {
                        store.UsePostgres(db =>
                        {
                            db.ConnectionString = connectionString;
                            db.TablePrefix = "qrtz_";
                        });
                    }
                    else
                    {
                        store.UseMySqlConnector(db =>
                        {
                            db.ConnectionString = connectionString;
                            db.TablePrefix = "QRTZ_";
                        });
                    }
                });
            }

            q.AddJob<OutboxDispatchJob>(OutboxDispatchJob.Key, j => j.StoreDurably().WithDescription("Deliver due outbox messages"));
            q.AddTrigger(t => t.ForJob(OutboxDispatchJob.Key).WithIdentity("outbox-dispatch-every", "platform")
                .StartNow()
                .WithSimpleSchedule(s => s.WithIntervalInSeconds(outbox.PollIntervalSeconds).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount()));

            q.AddJob<CleanupJob>(CleanupJob.Key, j => j.StoreDurably().WithDescription("Remove expired records"));
            q.AddTrigger(t => t.ForJob(CleanupJob.Key).WithIdentity("cleanup-cron", "platform")
                .WithCronSchedule(jobs.CleanupCron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireHandlingInstructionDoNothing()));

            q.AddJob<ReconciliationJob>(ReconciliationJob.Key, j => j.StoreDurably().WithDescription("Ask outside parties about what they left pending"));
            q.AddTrigger(t => t.ForJob(ReconciliationJob.Key).WithIdentity("reconcile-every", "platform")
                .StartAt(DateTimeOffset.UtcNow.AddSeconds(jobs.ReconcileSeconds))
                .WithSimpleSchedule(s => s.WithIntervalInSeconds(jobs.ReconcileSeconds).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount()));

            // Misfires run at once: a night the service was down is closed when it comes back.
            q.AddJob<DayCloseJob>(DayCloseJob.Key, j => j.StoreDurably().WithDescription("Close the Asia/Kolkata day: interest, maturities"));
            q.AddTrigger(t => t.ForJob(DayCloseJob.Key).WithIdentity("day-close-cron", "platform")
                .WithCronSchedule(jobs.DayCloseCron, c => c.InTimeZone(IndiaTime).WithMisfireHandlingInstructionFireAndProceed()));
        });
        if (jobs.Enabled)
        {
            services.AddQuartzHostedService(o =>
            {
                o.WaitForJobsToComplete = true;
                o.AwaitApplicationStarted = true;
            });
            services.AddHostedService<OutboxWakeLoop>();
        }
        return services;
    }
}
