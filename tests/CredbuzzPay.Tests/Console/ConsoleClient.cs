using System.Net;
using System.Text.RegularExpressions;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Console;

/// <summary>
/// A person using the admin console over plain HTTP, as a browser without script would: it keeps the cookies it
/// is given (whatever their Secure flag), follows no redirect by itself, and sends each form with the
/// antiforgery token of the page it came from.
/// </summary>
public sealed partial class ConsoleClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public ConsoleClient(ApiHost host)
    {
        Host = host;
        using var probe = host.CreateClient();
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = probe.BaseAddress };
    }

    public ApiHost Host { get; }

    /// <summary>The last answer's Set-Cookie headers, as sent.</summary>
    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    /// <summary>A header every later request carries (as a proxy in front would add it).</summary>
    public void Header(string name, string value) => _headers[name] = value;

    public async Task<(HttpResponseMessage Response, string Html)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    /// <summary>Posts a form; <paramref name="token"/> is the antiforgery token to send (null: none at all).</summary>
    public async Task<(HttpResponseMessage Response, string Html)> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? token)
    {
        var body = fields.ToList();
        if (token is not null)
        {
            body.Add(new("__RequestVerificationToken", token));
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(body) };
        return await SendAsync(request);
    }

    /// <summary>Opens <paramref name="page"/> and posts to <paramref name="action"/> with that page's token.</summary>
    public async Task<(HttpResponseMessage Response, string Html)> SubmitAsync(string page, string action, params (string Key, string Value)[] fields)
    {
        var (response, html) = await GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PostAsync(action, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), TokenIn(html));
    }

    /// <summary>Signs in through /admin/login with the person's password and the code sent to their mobile; answers the last response.</summary>
    public async Task<HttpResponseMessage> SignInAsync(RegistrationFlow person)
    {
        var smsBefore = await person.CountAsync("mobile");
        var (first, html) = await SubmitAsync("/admin/login", "/admin/login?handler=password", ("EmailOrMobile", person.Email), ("Password", RegistrationFlow.Password));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var requestId = RequestIdIn().Match(html).Groups[1].Value;
        var code = await person.CodeAsync("mobile", smsBefore + 1);
        var (second, _) = await PostAsync("/admin/login?handler=code", [new("RequestId", requestId), new("Otp", code)], TokenIn(html));
        return second;
    }

    /// <summary>
    /// The row form of a console table for <paramref name="handler"/> on the row whose key is <paramref name="key"/>: its action (decoded)
    /// and the hidden fields it carries (the key, and a money form's idempotency_key). Null when the page draws no such form.
    /// </summary>
    public static (string Action, List<KeyValuePair<string, string>> Fields)? RowForm(string html, string handler, string key)
    {
        foreach (Match form in FormIn().Matches(html))
        {
            var action = WebUtility.HtmlDecode(form.Groups[1].Value);
            var hidden = HiddenIn().Matches(form.Groups[2].Value).Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
                .Where(f => f.Key != "__RequestVerificationToken").ToList();
            if (action.EndsWith("handler=" + handler, StringComparison.Ordinal) && hidden.Any(f => f.Key == "key" && f.Value == key))
            {
                return (action, hidden);
            }
        }
        return null;
    }

    /// <summary>Opens <paramref name="page"/>, fills the row form for <paramref name="handler"/> on <paramref name="key"/> and sends it; answers what was sent, to send it again.</summary>
    public async Task<(HttpResponseMessage Response, string Action, List<KeyValuePair<string, string>> Sent)> RowActionAsync(string page, string handler, string key,
        params (string Key, string Value)[] fields)
    {
        var (response, html) = await GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (action, hidden) = RowForm(html, handler, key) ?? throw new InvalidOperationException($"{page} draws no {handler} form for {key}.");
        var sent = hidden.Concat(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))).ToList();
        sent.Add(new("__RequestVerificationToken", TokenIn(html)));
        var (answer, _) = await PostAsync(action, sent, null);
        return (answer, action, sent);
    }

    public static string TokenIn(string html) =>
        TokenField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("The page holds no antiforgery token.");

    private async Task<(HttpResponseMessage, string)> SendAsync(HttpRequestMessage request)
    {
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        var response = await _http.SendAsync(request);
        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
        foreach (var cookie in LastSetCookies)
        {
            var pair = cookie.Split(';')[0];
            var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
            var value = pair[(name.Length + 1)..];
            if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
        return (response, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"[^>]*>(.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormIn();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenIn();

    [GeneratedRegex("name=\"RequestId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex RequestIdIn();
}
