using System.Security.Claims;
using CredbuzzPay.Api.Modules.Fraud.Data;
using CredbuzzPay.Api.Modules.Fraud.Features;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Fraud.Pages;

/// <summary>Fraud alerts still open or under investigation, by severity, of the alerts the caller reaches (the API's own reach).</summary>
internal sealed class FraudPanel : IDashboardPanel
{
    private static readonly string[] BySeverity = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
    private readonly IUserDirectory _users;

    public FraudPanel(IUserDirectory users) => _users = users;

    public string Rule => FraudAlertsModel.Rule;

    public int Order => 45;

    public async Task<DashboardChart?> LoadAsync(AppDb db, ClaimsPrincipal user, DateTime now, CancellationToken cancellationToken)
    {
        var staff = await _users.CallerAsync(db, user, cancellationToken);
        var rows = await FraudAlertEndpoints.InReach(db, staff).Where(a => a.Status == FraudAlertStatuses.Open || a.Status == FraudAlertStatuses.Investigating)
            .GroupBy(a => new { a.Severity, a.Status }).Select(g => new { g.Key.Severity, g.Key.Status, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var bars = BySeverity.Select(severity => new ChartBar(severity,
        [
            rows.Where(r => r.Severity == severity && r.Status == FraudAlertStatuses.Open).Sum(r => r.Count),
            rows.Where(r => r.Severity == severity && r.Status == FraudAlertStatuses.Investigating).Sum(r => r.Count),
        ])).ToList();
        return new DashboardChart("Fraud alerts open, by severity", ["open", "investigating"], bars, $"{bars.Sum(b => b.Values.Sum())} open or under investigation");
    }
}
