using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Features.Reports;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Audit.Pages;

/// <summary>One line of a row's before/after comparison: the field, its value before and after, whether it changed.</summary>
internal sealed record DiffLine(string Field, string? Before, string? After, bool Changed);

/// <summary><c>/admin/audit/{sequence}</c>: one audit row in full, its before and after shown field by field with the changes marked.</summary>
[ApiRule(TrailModel.Rule)]
internal sealed class RowModel : PageModel
{
    [BindProperty(SupportsGet = true)] public long Sequence { get; set; }

    public AuditRow Row { get; private set; } = null!;

    public IReadOnlyList<DiffLine> Diff { get; private set; } = [];

    public string? Extra { get; private set; }

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, CancellationToken cancellationToken)
    {
        Row = await AuditEndpoints.RowAsync(Sequence, User, db, users, cancellationToken);
        if (Row.Detail is { ValueKind: JsonValueKind.Object } detail)
        {
            Diff = Compare(detail.TryGetProperty("before", out var before) ? before : default, detail.TryGetProperty("after", out var after) ? after : default);
            var rest = detail.EnumerateObject().Where(p => p.Name is not ("before" or "after") && p.Value.ValueKind != JsonValueKind.Null).ToList();
            Extra = rest.Count == 0 ? null : JsonSerializer.Serialize(rest.ToDictionary(p => p.Name, p => p.Value), Indented);
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Every field of either side, in order of first appearance; a field absent on one side shows as nothing there.</summary>
    public static IReadOnlyList<DiffLine> Compare(JsonElement before, JsonElement after)
    {
        static Dictionary<string, string> Fields(JsonElement side) => side.ValueKind == JsonValueKind.Object
            ? side.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
            : [];
        var was = Fields(before);
        var now = Fields(after);
        return was.Keys.Concat(now.Keys).Distinct()
            .Select(k => new DiffLine(k, was.GetValueOrDefault(k), now.GetValueOrDefault(k), was.GetValueOrDefault(k) != now.GetValueOrDefault(k)))
            .ToList();
    }
}
