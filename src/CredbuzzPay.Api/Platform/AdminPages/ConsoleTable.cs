using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CredbuzzPay.Api.Platform.Http;

namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>A filter of a console list: its query name, its label, and its choices (none: free text).</summary>
public sealed record ConsoleFilter(string Name, string Label, IReadOnlyList<string>? Choices = null);

/// <summary>A field an action asks for (sent as a form field of that name).</summary>
public sealed record ConsoleField(string Name, string Label, bool Required = true, int MaxLength = 500, string Type = "text");

/// <summary>
/// An action on one row: a POST to the page's <paramref name="Handler"/> carrying the row's <paramref name="KeyColumn"/> value
/// (as form field <c>key</c>) and the <paramref name="Fields"/>; offered only to callers the API's <paramref name="Rule"/> allows,
/// and only on rows whose <paramref name="WhenColumn"/> holds one of <paramref name="WhenValues"/>. A <paramref name="Money"/>
/// action's form carries a fresh <c>idempotency_key</c>, so a second submission of it does nothing twice.
/// </summary>
public sealed record ConsoleAction(string Handler, string Label, string Rule, string KeyColumn, IReadOnlyList<ConsoleField>? Fields = null,
    string? WhenColumn = null, IReadOnlyList<string>? WhenValues = null, bool Danger = false, bool Money = false)
{
    public bool AppliesTo(IReadOnlyList<string> columns, IReadOnlyList<string> row)
    {
        if (WhenColumn is null)
        {
            return true;
        }
        var at = IndexOf(columns, WhenColumn);
        return at >= 0 && WhenValues is not null && WhenValues.Contains(row[at], StringComparer.OrdinalIgnoreCase);
    }

    public string KeyOf(IReadOnlyList<string> columns, IReadOnlyList<string> row) => IndexOf(columns, KeyColumn) is var at and >= 0 ? row[at]
        : throw new InvalidOperationException($"The action {Handler} names the column {KeyColumn}, which the list does not have.");

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == name)
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>
/// A page of an API list drawn as a table: the columns are the answer's fields, named as the API names them
/// (snake_case), in the API's order; <see cref="Links"/> turn a column's value into a link to a console page.
/// What a list shows is exactly what the API answers the same person (numbers masked where the API masks them).
/// </summary>
public sealed record ConsoleTable(string Noun, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, long Count, PageRequest Paging,
    IReadOnlyList<ConsoleFilter> Filters, IReadOnlyDictionary<string, string> Links)
{
    /// <summary>The row actions the caller may take (the others are not drawn at all: an auditor sees none).</summary>
    public IReadOnlyList<ConsoleAction> Actions { get; private init; } = [];

    /// <summary>This table with those of <paramref name="actions"/> whose API rule allows <paramref name="user"/>.</summary>
    public async Task<ConsoleTable> WithActionsAsync(ApiRules rules, System.Security.Claims.ClaimsPrincipal user, params ConsoleAction[] actions)
    {
        var allowed = new List<ConsoleAction>();
        foreach (var action in actions)
        {
            if (await rules.AllowsAsync(user, action.Rule))
            {
                allowed.Add(action);
            }
        }
        return this with { Actions = allowed };
    }

    public static ConsoleTable Of<T>(string noun, Paged<T> page, PageRequest paging, IReadOnlyList<ConsoleFilter> filters, IReadOnlyCollection<string>? hide = null,
        IReadOnlyDictionary<string, string>? links = null)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is not { Condition: System.Text.Json.Serialization.JsonIgnoreCondition.Always }
                && (hide is null || !hide.Contains(Snake(p.Name))))
            .ToList();
        return new ConsoleTable(noun, properties.Select(p => Snake(p.Name)).ToList(),
            page.Results.Select(row => (IReadOnlyList<string>)properties.Select(p => Show(p.GetValue(row))).ToList()).ToList(),
            page.Count, paging, filters, links ?? new Dictionary<string, string>());
    }

    public long LastPage => Math.Max(1, (Count + Paging.PageSize - 1) / Paging.PageSize);

    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static string Show(object? value) => value switch
    {
        null => "",
        DateTime at => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        string s => s,
        JsonElement e => e.GetRawText(),
        IEnumerable list => string.Join(", ", list.Cast<object?>().Select(Show)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ when value.GetType().IsClass => string.Join(" · ", value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0).Select(p => Show(p.GetValue(value))).Where(v => v.Length > 0)),
        _ => value.ToString() ?? "",
    };
}
