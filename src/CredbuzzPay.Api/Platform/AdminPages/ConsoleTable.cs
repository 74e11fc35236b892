using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CredbuzzPay.Api.Platform.Http;

namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>A filter of a console list: its query name, its label, and its choices (none: free text).</summary>
public sealed record ConsoleFilter(string Name, string Label, IReadOnlyList<string>? Choices = null);

/// <summary>
/// A page of an API list drawn as a table: the columns are the answer's fields, named as the API names them
/// (snake_case), in the API's order; <see cref="Links"/> turn a column's value into a link to a console page.
/// What a list shows is exactly what the API answers the same person (numbers masked where the API masks them).
/// </summary>
public sealed record ConsoleTable(string Noun, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, long Count, PageRequest Paging,
    IReadOnlyList<ConsoleFilter> Filters, IReadOnlyDictionary<string, string> Links)
{
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
        _ => value.ToString() ?? "",
    };
}
