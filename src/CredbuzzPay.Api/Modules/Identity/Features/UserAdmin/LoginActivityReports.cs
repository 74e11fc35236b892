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

public sealed record StaffLoginEntry(Guid Id, DateTime OccurredAt, DateTime LoginTime, string? UserId, string? UserCode, string IdentifierMask, string Outcome, string Status,
    string? IpAddress, string Device, string Browser, string Os);

/// <summary>Seed 003 #34: <c>user_id</c>, <c>total_logins</c> (successful) and <c>logins</c>, with the counts and history under our own names too.</summary>
public sealed record UserLoginHistory(string UserId, string UserCode, int Days, long TotalLogins, long SuccessfulLogins, long FailedLogins,
    IReadOnlyList<StaffLoginEntry> Logins, IReadOnlyList<StaffLoginEntry> History);

/// <summary>One account's failed sign-ins in the window (seed 003 #35).</summary>
public sealed record FailedByUser(string UserId, string UserCode, long FailedAttempts, DateTime LastAttempt, IReadOnlyList<string> IpAddresses);

/// <summary>
/// Seed 003 #35: totals, accounts now blocked or locked, the accounts with failed sign-ins (most first,
/// 100 at most), and, paginated, the attempts themselves (unknown accounts included).
/// </summary>
public sealed record FailedLoginReport(int Days, long TotalFailedAttempts, long BlockedAccounts, IReadOnlyList<FailedByUser> AttemptsByUser,
    long Count, string? Next, string? Previous, IReadOnlyList<StaffLoginEntry> Results);

public sealed record DayCounts(long Successful, long Failed);

/// <summary>
/// Seed 003 #36 (<c>total_logins_today</c>, <c>total_failed_attempts</c>, <c>unique_users</c>, <c>peak_time</c>,
/// <c>average_session_duration</c>, <c>devices</c>) with the window's own figures beside them.
/// </summary>
public sealed record LoginStatistics(int Days, long TotalLoginsToday, long TotalFailedAttempts, long TotalAttempts, long Successful, long Failed, long UniqueUsers,
    string? PeakTime, int? PeakHourUtc, string? AverageSessionDuration, double? AverageSessionMinutes, IReadOnlyDictionary<string, DayCounts> PerDay,
    IReadOnlyDictionary<string, long> Devices, IReadOnlyDictionary<string, long> Browsers);

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
        reports.MapGet("/get_user_login_history/{userCode}", HistoryAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("One user's attempts, newest first (200 at most).");
        reports.MapGet("/get_failed_login_attempts", FailedAsync).RequireStaff(Roles.Admin, auditorMayRead: true)
            .WithSummary("Failed sign-ins: totals, by account, and the attempts newest first (days, default 7).");
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
        select new StaffLoginEntry(a.Id, a.OccurredAt, a.OccurredAt, u.UserCode, u.UserCode, a.IdentifierMask, a.Outcome,
            a.Outcome == LoginOutcomes.Success ? "success" : "failed", a.IpAddress, a.Device, a.Browser, a.Os);

    /// <summary>
    /// One page of the sign-in attempts in the caller's reach, newest first: the console's login-activity page
    /// (<paramref name="result"/> success or failed, one user's, the last <paramref name="days"/>).
    /// </summary>
    internal static async Task<(long Count, IReadOnlyList<StaffLoginEntry> Rows)> AttemptsPageAsync(int? days, string? result, string? userCode, PageRequest page,
        ClaimsPrincipal principal, StaffActions staff, CancellationToken cancellationToken)
    {
        var since = staff.Now.AddDays(-Days(days, 7));
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var attempts = InReach(staff, actor).Where(a => Instants.AtOrAfter(a.OccurredAt, since));
        attempts = (result ?? "") switch
        {
            "" => attempts,
            "success" => attempts.Where(a => a.Outcome == LoginOutcomes.Success),
            "failed" => attempts.Where(a => a.Outcome != LoginOutcomes.Success),
            _ => throw ApiProblemException.Validation("result", "Result must be success or failed."),
        };
        if (!string.IsNullOrWhiteSpace(userCode))
        {
            var target = await staff.TargetAsync(actor, userCode, manage: false, cancellationToken);
            attempts = attempts.Where(a => a.UserId == target.Id);
        }
        var count = await attempts.LongCountAsync(cancellationToken);
        return (count, await Entries(staff, attempts).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken));
    }

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
        return TypedResults.Ok(new UserLoginHistory(target.UserCode, target.UserCode, window, successful, successful, failed, history, history));
    }

    private static async Task<Ok<FailedLoginReport>> FailedAsync(int? days, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal, StaffActions staff,
        CancellationToken cancellationToken)
    {
        var window = Days(days, 7);
        var since = staff.Now.AddDays(-window);
        var page = PageRequest.From(paging);
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var failed = InReach(staff, actor).Where(a => Instants.AtOrAfter(a.OccurredAt, since) && a.Outcome != LoginOutcomes.Success);
        var count = await failed.LongCountAsync(cancellationToken);
        var rows = await Entries(staff, failed).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var paged = page.ToPaged(http, count, rows);

        var byUser = await (from a in failed.Where(a => a.UserId != null)
                            join u in staff.Db.GetTable<UserAccount>() on a.UserId equals u.Id
                            group a by u.UserCode into g
                            select new { UserCode = g.Key, Failed = g.LongCount(), Last = g.Max(a => a.OccurredAt) })
            .OrderByDescending(g => g.Failed).ThenBy(g => g.UserCode).Take(100).ToListAsync(cancellationToken);
        var codes = byUser.Select(g => g.UserCode).ToList();
        var addresses = (await (from a in failed.Where(a => a.IpAddress != null)
                                join u in staff.Db.GetTable<UserAccount>() on a.UserId equals u.Id
                                where codes.Contains(u.UserCode)
                                select new { u.UserCode, a.IpAddress }).Distinct().ToListAsync(cancellationToken))
            .GroupBy(x => x.UserCode).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(x => x.IpAddress!).Order(StringComparer.Ordinal).Take(20).ToList());
        var now = staff.Now;
        var users = staff.Db.GetTable<UserAccount>().Where(u => u.DeletedAt == null && (u.Status == UserStatuses.Blocked || u.LockedUntil > now));
        if (Hierarchy.ReadLimit(actor) is { } branch)
        {
            users = users.Where(u => u.BranchCode == branch);
        }
        return TypedResults.Ok(new FailedLoginReport(window, count, await users.LongCountAsync(cancellationToken),
            byUser.Select(g => new FailedByUser(g.UserCode, g.UserCode, g.Failed, g.Last, addresses.GetValueOrDefault(g.UserCode) ?? [])).ToList(),
            paged.Count, paged.Next, paged.Previous, paged.Results));
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
        var today = staff.Now.Date;
        var loginsToday = groups.Where(g => g.Result == LoginCounters.Succeeded && g.Hour >= today).Sum(g => g.Count);
        var minutes = await AverageSessionMinutesAsync(staff, actor, since, cancellationToken);
        return TypedResults.Ok(new LoginStatistics(window, loginsToday, failed, successful + failed, successful, failed, unique,
            peak is { } h ? $"{h:00}:00-{(h + 1) % 24:00}:00" : null, peak,
            minutes is { } m ? $"{Math.Round(m):0} minutes" : null, minutes is { } rounded ? Math.Round(rounded, 1) : null, perDay, devices, browsers));
    }

    /// <summary>
    /// How long the window's latest 1,000 sessions lasted: until they ended, or (still open) until last
    /// seen. A sample, so the figure costs the same whatever the window's size.
    /// </summary>
    private static async Task<double?> AverageSessionMinutesAsync(StaffActions staff, UserSummary actor, DateTime since, CancellationToken cancellationToken)
    {
        var sessions = staff.Db.GetTable<UserSession>().Where(s => Instants.AtOrAfter(s.CreatedAt, since));
        if (Hierarchy.ReadLimit(actor) is { } branch)
        {
            sessions = from s in sessions join u in staff.Db.GetTable<UserAccount>() on s.UserId equals u.Id where u.BranchCode == branch select s;
        }
        var sample = await sessions.OrderByDescending(s => s.CreatedAt).Take(1000)
            .Select(s => new { s.CreatedAt, Ended = s.RevokedAt ?? s.LastSeenAt }).ToListAsync(cancellationToken);
        return sample.Count == 0 ? null : sample.Average(s => Math.Max(0, (s.Ended - s.CreatedAt).TotalMinutes));
    }
}
