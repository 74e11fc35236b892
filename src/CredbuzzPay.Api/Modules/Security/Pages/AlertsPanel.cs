using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Security.Data;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Security.Pages;

/// <summary>Security alerts not yet resolved, by severity (of the branches the caller reads).</summary>
internal sealed class AlertsPanel : IDashboardPanel
{
    private static readonly string[] BySeverity = [Severities.Critical, Severities.High, Severities.Medium, Severities.Low];
    private readonly IUserDirectory _users;

    public AlertsPanel(IUserDirectory users) => _users = users;

    public string Rule => AlertsModel.Rule;

    public int Order => 40;

    public async Task<DashboardChart?> LoadAsync(AppDb db, ClaimsPrincipal user, DateTime now, CancellationToken cancellationToken)
    {
        var limit = Hierarchy.ReadLimit(await _users.CallerAsync(db, user, cancellationToken));
        var alerts = db.GetTable<SecurityAlert>().Where(a => a.Status != AlertStatuses.Resolved);
        if (limit is not null)
        {
            alerts = alerts.Where(a => a.BranchCode == limit);
        }
        var rows = await alerts.GroupBy(a => new { a.Severity, a.Status }).Select(g => new { g.Key.Severity, g.Key.Status, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var bars = BySeverity.Select(severity => new ChartBar(severity,
        [
            rows.Where(r => r.Severity == severity && r.Status == AlertStatuses.Open).Sum(r => r.Count),
            rows.Where(r => r.Severity == severity && r.Status == AlertStatuses.Acknowledged).Sum(r => r.Count),
        ])).ToList();
        return new DashboardChart("Security alerts not resolved, by severity", ["open", "acknowledged"], bars, $"{bars.Sum(b => b.Values.Sum())} not resolved");
    }
}
