using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace CredbuzzPay.Api.Platform.Http;

/// <summary>A page of results in the DRF shape clients know: <c>count</c>, <c>next</c>, <c>previous</c>, <c>results</c>.</summary>
public sealed record Paged<T>(long Count, string? Next, string? Previous, IReadOnlyList<T> Results);

/// <summary>
/// The paging query of every list, bound by the framework (<c>[AsParameters] PageQuery paging</c>) so
/// that the API document lists <c>page</c> and <c>page_size</c> for each.
/// </summary>
public sealed record PageQuery(
    [property: System.ComponentModel.DataAnnotations.Range(1, 1_000_000)][Microsoft.AspNetCore.Mvc.FromQuery(Name = "page")] int? Page,
    [property: System.ComponentModel.DataAnnotations.Range(1, PageRequest.MaxPageSize)][Microsoft.AspNetCore.Mvc.FromQuery(Name = "page_size")] int? PageSize);

/// <summary>
/// <c>page</c> (from 1) and <c>page_size</c> (1 to <see cref="MaxPageSize"/>, default 20).
/// Out-of-range values are refused with 400 rather than silently clamped.
/// </summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;

    public static PageRequest From(PageQuery query) =>
        new(Checked("page", query.Page, 1, 1, 1_000_000), Checked("page_size", query.PageSize, DefaultPageSize, 1, MaxPageSize));

    private static int Checked(string name, int? value, int fallback, int min, int max) =>
        value is null ? fallback
            : value >= min && value <= max ? value.Value
            : throw Errors.ApiProblemException.Validation(name, $"Must be a whole number from {min} to {max}.");

    /// <summary>Wraps one page of results with links to its neighbours, keeping the other query parameters.</summary>
    public Paged<T> ToPaged<T>(HttpRequest request, long count, IReadOnlyList<T> results)
    {
        var hasNext = (long)Page * PageSize < count;
        return new Paged<T>(count, hasNext ? Link(request, Page + 1) : null, Page > 1 ? Link(request, Page - 1) : null, results);
    }

    private string Link(HttpRequest request, int page)
    {
        var query = request.Query
            .Where(q => q.Key is not ("page" or "page_size"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("page", page.ToString(CultureInfo.InvariantCulture)))
            .Append(new("page_size", PageSize.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}", query);
    }

}
