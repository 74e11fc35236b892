using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Kyc.Pages;

/// <summary>The KYC funnel: every live section by its state, per section, from the live counters (of the branches the caller reads).</summary>
internal sealed class KycFunnelPanel : IDashboardPanel
{
    private static readonly string[] States = [KycStatuses.Pending, KycStatuses.Verified, KycStatuses.ResubmissionRequested, KycStatuses.Rejected];
    private readonly IUserDirectory _users;

    public KycFunnelPanel(IUserDirectory users) => _users = users;

    public string Rule => "GET /api/v1/admin/reports/kyc/get_kyc_report";

    public int Order => 20;

    public async Task<DashboardChart?> LoadAsync(AppDb db, ClaimsPrincipal user, DateTime now, CancellationToken cancellationToken)
    {
        var limit = Hierarchy.ReadLimit(await _users.CallerAsync(db, user, cancellationToken));
        var counts = db.GetTable<KycDailyCount>().AsQueryable();
        if (limit is not null)
        {
            counts = counts.Where(c => c.BranchKey == limit);
        }
        var rows = await counts.GroupBy(c => new { c.Section, c.Status }).Select(g => new { g.Key.Section, g.Key.Status, Sections = g.Sum(c => c.Sections) })
            .ToListAsync(cancellationToken);
        var bars = KycSections.All.Select(section => new ChartBar(section,
            States.Select(state => rows.Where(r => r.Section == section && r.Status == state).Sum(r => r.Sections)).ToList())).ToList();
        return new DashboardChart("KYC funnel: sections by state", ["pending", "verified", "asked again", "rejected"], bars,
            $"{bars.Sum(b => b.Values[1])} verified, {bars.Sum(b => b.Values[0])} waiting for review");
    }
}
