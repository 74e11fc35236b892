using CredbuzzPay.Api.Platform.Database;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary><c>/admin/</c>: the charts of every module the caller may read, drawn on the server.</summary>
[ApiRule(ApiRuleAttribute.AnyConsoleUser)]
internal sealed class DashboardModel : PageModel
{
    private readonly IEnumerable<IDashboardPanel> _panels;
    private readonly ApiRules _rules;
    private readonly AppDb _db;
    private readonly TimeProvider _clock;

    public DashboardModel(IEnumerable<IDashboardPanel> panels, ApiRules rules, AppDb db, TimeProvider clock)
    {
        _panels = panels;
        _rules = rules;
        _db = db;
        _clock = clock;
    }

    public IReadOnlyList<DashboardChart> Charts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var charts = new List<DashboardChart>();
        foreach (var panel in _panels.OrderBy(p => p.Order))
        {
            if (await _rules.AllowsAsync(User, panel.Rule) && await panel.LoadAsync(_db, User, now, cancellationToken) is { } chart)
            {
                charts.Add(chart);
            }
        }
        Charts = charts;
    }
}
