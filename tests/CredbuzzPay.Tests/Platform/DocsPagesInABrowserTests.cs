using System.Net;
using CredbuzzPay.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CredbuzzPay.Tests.Platform;

/// <summary>
/// Swagger UI and ReDoc rendered by a real browser at a public-looking host name: everything they
/// load comes from the service itself, their content-security policy refuses nothing they need, and
/// they show the API.
/// </summary>
public sealed class DocsPagesInABrowserTests
{
    private const string HostName = "docs.credbuzz.test";

    [BrowserFact]
    public async Task SwaggerUi_LoadsOnlyFromTheService_AndShowsTheOperations()
    {
        var visit = await VisitAsync("/api/docs/", "/api/v1/kyc/pan/submit_pan");

        Assert.Empty(visit.ForeignRequests);
        Assert.Empty(visit.ForeignAnswers);
        Assert.Empty(visit.Refused);
        Assert.Empty(visit.Errors);
        Assert.Contains(visit.Requests, r => r.EndsWith("/api/openapi/v1.json", StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task ReDoc_LoadsOnlyFromTheService_WithoutWebFontsOrTelemetry()
    {
        var visit = await VisitAsync("/api/redoc/", "/api/v1/admin/audit/get_audit_trail");

        Assert.Empty(visit.ForeignAnswers);
        Assert.Empty(visit.Errors);
        Assert.DoesNotContain(visit.Requests, r => r.Contains("fonts.googleapis.com", StringComparison.Ordinal) || r.Contains("redocly.com", StringComparison.Ordinal));
        // ReDoc 3 always renders Redocly's attribution logo from its CDN: the browser is refused it (the image
        // hides itself) and never sends it. Its search probes for eval to build a worker and, refused,
        // searches in the page. Nothing else is refused.
        Assert.All(visit.ForeignRequests, r => Assert.StartsWith("https://cdn.redoc.ly/redoc/logo-mini", r, StringComparison.Ordinal));
        Assert.All(visit.Refused, r => Assert.Matches("^(https://cdn\\.redoc\\.ly/redoc/logo-mini(-full)?\\.svg img-src .*|eval script-src /api/redoc/redoc\\.standalone\\.js)$", r));
    }

    /// <summary>What the page asked for, what it asked of other origins, what other origins answered, what the policy refused, script errors.</summary>
    private sealed record Visit(List<string> Requests, List<string> ForeignRequests, List<string> ForeignAnswers, List<string> Refused, List<string> Errors);

    private static async Task<Visit> VisitAsync(string path, string mustShow)
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        using var client = host.CreateClient();
        var origin = $"http://{HostName}:{client.BaseAddress!.Port}";
        await using var browser = await TestBrowser.LaunchAsync(HostName);
        var page = await browser.NewPageAsync();
        var visit = new Visit([], [], [], [], []);
        bool Foreign(string url) => !url.StartsWith(origin + "/", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal) &&
            !url.StartsWith("blob:", StringComparison.Ordinal);
        page.Request += (_, request) =>
        {
            lock (visit)
            {
                visit.Requests.Add(request.Url);
                if (Foreign(request.Url))
                {
                    visit.ForeignRequests.Add(request.Url);
                }
            }
        };
        page.Response += (_, response) =>
        {
            lock (visit)
            {
                if (Foreign(response.Url))
                {
                    visit.ForeignAnswers.Add(response.Url);
                }
            }
        };
        page.PageError += (_, message) => { lock (visit) { visit.Errors.Add(message); } };
        // Every refusal of the content-security policy, as the page itself sees it.
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => (window.__refused = window.__refused || []).push(e.blockedURI + ' ' + e.violatedDirective + ' ' + e.sourceFile.replace(location.origin, '')))");

        var response = await page.GotoAsync(origin + path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle, Timeout = 30_000 });
        Assert.NotNull(response);
        Assert.Equal((int)HttpStatusCode.OK, response.Status);
        Assert.StartsWith("default-src 'none'", response.Headers["content-security-policy"], StringComparison.Ordinal);
        // Polled with plain evaluations, so nothing the test runs depends on the page allowing eval (its policy rightly refuses it).
        // From 150 tags and operations on, Swagger UI renders only what is on screen (a virtualised list), so the page is
        // scrolled a screen at a time, as a reader would, until the operation shows.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await page.EvaluateAsync<bool>($"document.body.innerText.includes('{mustShow}')"))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The page never showed {mustShow}: {string.Join(" | ", visit.Errors)} {await page.EvaluateAsync<string>("document.body.innerText.slice(0, 300)")}");
            }
            await page.EvaluateAsync("window.scrollBy(0, window.innerHeight)");
            await Task.Delay(200);
        }
        await Task.Delay(500); // late images and workers
        visit.Refused.AddRange(await page.EvaluateAsync<string[]>("window.__refused || []"));
        return visit;
    }
}
