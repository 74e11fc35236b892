using System.Globalization;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>
/// Paging for the console's lists: the chosen page size is remembered (a cookie of the console's path) and
/// every filter stays in the URL, so a view can be bookmarked or shared.
/// </summary>
internal static class ConsolePaging
{
    private const string PageSizeCookie = "cbz_console_page_size";

    /// <summary>The page asked for, with the page size given now, else the one remembered, else the default.</summary>
    public static PageRequest Page(HttpContext http, int? page, int? pageSize)
    {
        if (pageSize is null && int.TryParse(http.Request.Cookies[PageSizeCookie], NumberStyles.None, CultureInfo.InvariantCulture, out var remembered)
            && remembered is >= 1 and <= PageRequest.MaxPageSize)
        {
            pageSize = remembered;
        }
        var request = PageRequest.From(new PageQuery(page, pageSize));
        if (pageSize is not null)
        {
            http.Response.Cookies.Append(PageSizeCookie, request.PageSize.ToString(CultureInfo.InvariantCulture), new CookieOptions
            {
                Path = AdminPagesSetup.CookiePath,
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
        }
        return request;
    }

    /// <summary>The same list with <paramref name="changes"/> applied to its query (null removes a key).</summary>
    public static string Link(HttpRequest request, params (string Key, string? Value)[] changes)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            if (string.IsNullOrEmpty(value))
            {
                query.Remove(key);
            }
            else
            {
                query[key] = value;
            }
        }
        return QueryHelpers.AddQueryString(request.Path, query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }

    public static string Of(int value) => value.ToString(CultureInfo.InvariantCulture);
}
