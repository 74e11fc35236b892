using System.Globalization;
using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity.Pages;

/// <summary>Registrations per day over the last 14 days (Asia/Kolkata), of the branches the caller reads.</summary>
internal sealed class RegistrationsPanel : IDashboardPanel
{
    private readonly IUserDirectory _users;

    public RegistrationsPanel(IUserDirectory users) => _users = users;

    public string Rule => "GET /api/v1/admin/users/get_statistics";

    public int Order => 10;

    public async Task<DashboardChart?> LoadAsync(AppDb db, ClaimsPrincipal user, DateTime now, CancellationToken cancellationToken)
    {
        var limit = Hierarchy.ReadLimit(await _users.CallerAsync(db, user, cancellationToken));
        var today = BankingDay.Of(now);
        var bars = new List<ChartBar>();
        for (var day = today.AddDays(-13); day <= today; day = day.AddDays(1))
        {
            var (from, before) = (BankingDay.StartUtc(day), BankingDay.StartUtc(day.AddDays(1)));
            var users = db.GetTable<UserAccount>().Where(u => Instants.AtOrAfter(u.CreatedAt, from) && Instants.Before(u.CreatedAt, before));
            if (limit is not null)
            {
                users = users.Where(u => u.BranchCode == limit);
            }
            bars.Add(new ChartBar(day.ToString("dd MMM", CultureInfo.InvariantCulture), [await users.LongCountAsync(cancellationToken)]));
        }
        return new DashboardChart("Registrations per day (14 days)", ["registrations"], bars, $"{bars.Sum(b => b.Values[0])} in 14 days");
    }
}

/// <summary>Sign-ins per hour over the last 24 hours, succeeded and failed, from the login counters (of the branches the caller reads).</summary>
internal sealed class SignInsPanel : IDashboardPanel
{
    private readonly IUserDirectory _users;

    public SignInsPanel(IUserDirectory users) => _users = users;

    public string Rule => "GET /api/v1/login-activity/get_login_statistics";

    public int Order => 30;

    public async Task<DashboardChart?> LoadAsync(AppDb db, ClaimsPrincipal user, DateTime now, CancellationToken cancellationToken)
    {
        var limit = Hierarchy.ReadLimit(await _users.CallerAsync(db, user, cancellationToken));
        var first = LoginCounters.HourOf(now).AddHours(-23);
        var counters = db.GetTable<LoginActivityHourly>().Where(c => Instants.AtOrAfter(c.Hour, first));
        if (limit is not null)
        {
            counters = counters.Where(c => c.BranchKey == limit);
        }
        var rows = await counters.GroupBy(c => new { c.Hour, c.Result }).Select(g => new { g.Key.Hour, g.Key.Result, Attempts = g.Sum(c => c.Attempts) }).ToListAsync(cancellationToken);
        var bars = new List<ChartBar>();
        for (var hour = first; hour <= LoginCounters.HourOf(now); hour = hour.AddHours(1))
        {
            var at = hour;
            bars.Add(new ChartBar((at + BankingDay.Offset).ToString("HH:mm", CultureInfo.InvariantCulture),
            [
                rows.Where(r => r.Hour == at && r.Result == LoginCounters.Succeeded).Sum(r => r.Attempts),
                rows.Where(r => r.Hour == at && r.Result == LoginCounters.Failed).Sum(r => r.Attempts),
            ]));
        }
        return new DashboardChart("Sign-ins per hour (24 hours, IST)", ["succeeded", "failed"], bars,
            $"{bars.Sum(b => b.Values[0])} succeeded, {bars.Sum(b => b.Values[1])} failed");
    }
}
