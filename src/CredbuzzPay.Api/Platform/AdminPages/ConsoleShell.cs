using System.Security.Claims;

namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>What the console's frame shows the signed-in person: the navigation their rules let them reach, grouped by section.</summary>
public sealed class ConsoleShell
{
    private readonly IReadOnlyList<AdminLink> _links;
    private readonly ApiRules _rules;

    public ConsoleShell(IEnumerable<AdminLink> links, ApiRules rules)
    {
        _links = links.OrderBy(l => l.Order).ThenBy(l => l.Title, StringComparer.Ordinal).ToList();
        _rules = rules;
    }

    /// <summary>Every registered link, whoever may see it (for the start-up check and the tests).</summary>
    public IReadOnlyList<AdminLink> AllLinks => _links;

    public async Task<IReadOnlyList<IGrouping<string, AdminLink>>> NavigationAsync(ClaimsPrincipal user)
    {
        var visible = new List<AdminLink>();
        foreach (var link in _links)
        {
            if (await _rules.AllowsAsync(user, link.Rule))
            {
                visible.Add(link);
            }
        }
        return visible.GroupBy(l => l.Section).ToList();
    }
}
