using System.Globalization;
using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Pages;

/// <summary>
/// Money moved per day over 14 days (Asia/Kolkata), in whole rupees: completed entries' amounts. Entries carry no
/// branch, so the chart is shown only to those who read every branch (super_admin and above, auditors).
/// </summary>
internal sealed class MoneyMovedPanel : IDashboardPanel
{
    private readonly IUserDirectory _users;

    public MoneyMovedPanel(IUserDirectory users) => _users = users;

    public string Rule => "GET /api/v1/admin/accounts/";

    public int Order => 50;

    public async Task<DashboardChart?> LoadAsync(AppDb db, ClaimsPrincipal user, DateTime now, CancellationToken cancellationToken)
    {
        if (Hierarchy.ReadLimit(await _users.CallerAsync(db, user, cancellationToken)) is not null)
        {
            return null;
        }
        var today = BankingDay.Of(now);
        var bars = new List<ChartBar>();
        long total = 0;
        for (var day = today.AddDays(-13); day <= today; day = day.AddDays(1))
        {
            var (from, before) = (BankingDay.StartUtc(day), BankingDay.StartUtc(day.AddDays(1)));
            var paise = await db.GetTable<JournalEntry>()
                .Where(e => e.Status == EntryStatuses.Completed && Instants.AtOrAfter(e.CreatedAt, from) && Instants.Before(e.CreatedAt, before))
                .SumAsync(e => (long?)e.AmountPaise, cancellationToken) ?? 0;
            total += paise;
            bars.Add(new ChartBar(day.ToString("dd MMM", CultureInfo.InvariantCulture), [paise / 100]));
        }
        return new DashboardChart("Money moved per day (14 days, ₹)", ["completed entries"], bars, $"₹{Money.Format(total)} in 14 days");
    }
}
