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

    /// <summary>
    /// The page asked for (<c>?page=</c>, read from the query: Razor Pages keeps a route value of that name), with the
    /// page size given now, else the one remembered, else the default. A page that is not a whole number is the API's 400.
    /// </summary>
    public static PageRequest Page(HttpContext http, int? pageSize)
    {
        int? page = null;
        if (http.Request.Query["page"].ToString() is { Length: > 0 } text)
        {
            page = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
                : throw Errors.ApiProblemException.Validation("page", "Must be a whole number from 1 to 1000000.");
        }
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

    /// <summary>Where an action returns to: the same view, filters and page kept, without the handler.</summary>
    public static string Back(HttpRequest request) => Link(request, ("handler", null));

    /// <summary>After an action: the note shown once on the next page, and a redirect back to the same filtered view.</summary>
    public static Microsoft.AspNetCore.Mvc.LocalRedirectResult BackWith(this Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, string note)
    {
        page.TempData["done"] = note;
        return page.LocalRedirect(Back(page.Request));
    }

    /// <summary>A fresh key for a money form (a CSPRNG's 128 bits), so a form sent twice is acted on once.</summary>
    public static string FreshKey() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>A whole-number filter of the query (absent: null; not a number: the API's 400 on that field).</summary>
    public static int? Number(HttpRequest request, string name) =>
        request.Query[name].ToString() is not { Length: > 0 } text ? null
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number
            : throw Errors.ApiProblemException.Validation(name, "Must be a whole number.");

    /// <summary>A yes/no filter of the query (<c>true</c> or <c>false</c>; absent: null; anything else: 400).</summary>
    public static bool? Flag(HttpRequest request, string name) =>
        request.Query[name].ToString() switch
        {
            "" => null,
            "true" => true,
            "false" => false,
            _ => throw Errors.ApiProblemException.Validation(name, "Must be true or false."),
        };

    /// <summary>A text filter of the query (absent or blank: null).</summary>
    public static string? Text(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    public static string Of(int value) => value.ToString(CultureInfo.InvariantCulture);
}
