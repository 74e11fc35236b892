using CredbuzzPay.Api.Platform.Database;
using System.Globalization;
using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;

public sealed record StaffLoginEntry(DateTime OccurredAt, string? UserCode, string IdentifierMask, string Outcome, string? IpAddress, string Device, string Browser, string Os);

public sealed record UserLoginHistory(string UserCode, int Days, long SuccessfulLogins, long FailedLogins, IReadOnlyList<StaffLoginEntry> History);

public sealed record DayCounts(long Successful, long Failed);

public sealed record LoginStatistics(int Days, long TotalAttempts, long Successful, long Failed, long UniqueUsers, int? PeakHourUtc,
    IReadOnlyDictionary<string, DayCounts> PerDay, IReadOnlyDictionary<string, long> Devices, IReadOnlyDictionary<string, long> Browsers);

/// <summary>
/// Seed 003's login-activity reports for staff: one user's history, failed attempts, statistics.
/// Auditors, super_admin and master see everything; an admin sees the users of their branch.
/// </summary>
internal static class LoginActivityReports
{
    private const int MaxHistory = 200;

    public static void MapLoginActivityReports(this IEndpointRouteBuilder api)
    {
        var reports = api.MapGroup("/login-activity").WithTags("Login activity");
        reports.MapGet("/get_user_login_history/{userCode}", HistoryAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("?days=30: one user's attempts, newest first (200 at most).");
        reports.MapGet("/get_failed_login_attempts", FailedAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("?days=7&page=: failed attempts, newest first.");
        reports.MapGet("/get_login_statistics", StatisticsAsync).RequireStaff(Roles.Admin, auditorMayRead: true)
            .WithSummary("?days=30: the last N UTC days, today included: per day, unique users, peak hour (UTC), devices, browsers.");
    }

    private static int Days(int? days, int fallback) =>
        days is null ? fallback : days is >= 1 and <= 366 ? days.Value : throw ApiProblemException.Validation("days", "A whole number of days from 1 to 366.");

    /// <summary>Attempts in reach: everyone's for super_admin+ and auditors, else those of users of the actor's branch.</summary>
    private static IQueryable<LoginActivity> InReach(StaffActions staff, UserSummary actor)
    {
        var attempts = staff.Db.GetTable<LoginActivity>().Where(a => a.Outcome != LoginOutcomes.PasswordAccepted);
        if (Hierarchy.ReadsEveryBranch(actor))
        {
            return attempts;
        }
        var branch = actor.BranchCode;
        return from a in attempts
               join u in staff.Db.GetTable<UserAccount>() on a.UserId equals u.Id
               where u.BranchCode == branch
               select a;
    }

    private static IQueryable<StaffLoginEntry> Entries(StaffActions staff, IQueryable<LoginActivity> attempts) =>
        from a in attempts
        from u in staff.Db.GetTable<UserAccount>().Where(u => u.Id == a.UserId).DefaultIfEmpty()
        orderby a.OccurredAt descending
        select new StaffLoginEntry(a.OccurredAt, u.UserCode, a.IdentifierMask, a.Outcome, a.IpAddress, a.Device, a.Browser, a.Os);

    private static async Task<Ok<UserLoginHistory>> HistoryAsync(string userCode, int? days, ClaimsPrincipal principal, StaffActions staff, CancellationToken cancellationToken)
    {
        var window = Days(days, 30);
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, userCode, manage: false, cancellationToken);
        var since = staff.Now.AddDays(-window);
        var attempts = staff.Db.GetTable<LoginActivity>().Where(a => a.UserId == target.Id && Instants.AtOrAfter(a.OccurredAt, since) && a.Outcome != LoginOutcomes.PasswordAccepted);
        var successful = await attempts.LongCountAsync(a => a.Outcome == LoginOutcomes.Success, cancellationToken);
        var failed = await attempts.LongCountAsync(a => a.Outcome != LoginOutcomes.Success, cancellationToken);
        var history = await Entries(staff, attempts).Take(MaxHistory).ToListAsync(cancellationToken);
        return TypedResults.Ok(new UserLoginHistory(target.UserCode, window, successful, failed, history));
    }

    private static async Task<Ok<Paged<StaffLoginEntry>>> FailedAsync(int? days, HttpRequest http, ClaimsPrincipal principal, StaffActions staff, CancellationToken cancellationToken)
    {
        var since = staff.Now.AddDays(-Days(days, 7));
        var page = PageRequest.From(http);
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var failed = InReach(staff, actor).Where(a => Instants.AtOrAfter(a.OccurredAt, since) && a.Outcome != LoginOutcomes.Success);
        var count = await failed.LongCountAsync(cancellationToken);
        var rows = await Entries(staff, failed).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows));
    }

    /// <summary>
    /// The last <c>days</c> UTC calendar days, today included, from the hourly totals kept with each
    /// attempt (<see cref="LoginCounters"/>); unique users are those whose last successful sign-in
    /// falls in the window. An admin sees the users of their branch.
    /// </summary>
    private static async Task<Ok<LoginStatistics>> StatisticsAsync(int? days, ClaimsPrincipal principal, StaffActions staff, CancellationToken cancellationToken)
    {
        var window = Days(days, 30);
        var since = Instants.StartOfLastDays(staff.Now, window);
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var counts = staff.Db.GetTable<LoginActivityHourly>().Where(c => Instants.AtOrAfter(c.Hour, since));
        var signedIn = staff.Db.GetTable<UserAccount>().Where(u => Instants.AtOrAfter(u.LastLoginAt, since));
        if (Hierarchy.ReadLimit(actor) is { } branch)
        {
            counts = counts.Where(c => c.BranchKey == branch);
            signedIn = signedIn.Where(u => u.BranchCode == branch);
        }
        var groups = await counts.GroupBy(c => new { c.Hour, c.Result, c.Device, c.Browser })
            .Select(g => new { g.Key.Hour, g.Key.Result, g.Key.Device, g.Key.Browser, Count = g.Sum(c => c.Attempts) })
            .ToListAsync(cancellationToken);
        var unique = await signedIn.LongCountAsync(cancellationToken);
        var devices = groups.GroupBy(g => g.Device).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var browsers = groups.GroupBy(g => g.Browser).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var perDay = groups.GroupBy(d => d.Hour.Date).OrderBy(g => g.Key).ToDictionary(
            g => g.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            g => new DayCounts(g.Where(x => x.Result == LoginCounters.Succeeded).Sum(x => x.Count), g.Where(x => x.Result != LoginCounters.Succeeded).Sum(x => x.Count)));
        var successful = groups.Where(d => d.Result == LoginCounters.Succeeded).Sum(d => d.Count);
        var failed = groups.Where(d => d.Result != LoginCounters.Succeeded).Sum(d => d.Count);
        var hours = groups.Where(g => g.Result == LoginCounters.Succeeded).GroupBy(g => g.Hour.Hour).Select(g => (Hour: g.Key, Count: g.Sum(x => x.Count))).ToList();
        int? peak = hours.Count == 0 ? null : hours.OrderByDescending(h => h.Count).ThenBy(h => h.Hour).First().Hour;
        return TypedResults.Ok(new LoginStatistics(window, successful + failed, successful, failed, unique, peak, perDay, devices, browsers));
    }
}
