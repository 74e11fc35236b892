using System.Net;
using CredbuzzPay.Tests.Infrastructure;
using PuppeteerSharp;

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
        await using var page = await browser.NewPageAsync();
        var visit = new Visit([], [], [], [], []);
        bool Foreign(string url) => !url.StartsWith(origin + "/", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal) &&
            !url.StartsWith("blob:", StringComparison.Ordinal);
        page.Request += (_, e) =>
        {
            lock (visit)
            {
                visit.Requests.Add(e.Request.Url);
                if (Foreign(e.Request.Url))
                {
                    visit.ForeignRequests.Add(e.Request.Url);
                }
            }
        };
        page.Response += (_, e) =>
        {
            lock (visit)
            {
                if (Foreign(e.Response.Url))
                {
                    visit.ForeignAnswers.Add(e.Response.Url);
                }
            }
        };
        page.PageError += (_, e) => { lock (visit) { visit.Errors.Add(e.Message); } };
        // Every refusal of the content-security policy, as the page itself sees it.
        await page.EvaluateExpressionOnNewDocumentAsync(
            "document.addEventListener('securitypolicyviolation', e => (window.__refused = window.__refused || []).push(e.blockedURI + ' ' + e.violatedDirective + ' ' + e.sourceFile.replace(location.origin, '')))");

        var response = await page.GoToAsync(origin + path, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Networkidle0], Timeout = 30_000 });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("default-src 'none'", response.Headers["content-security-policy"], StringComparison.Ordinal);
        // Polled with plain evaluations: Puppeteer's WaitForFunction builds its function with eval, which the policy (rightly) refuses.
        // From 150 tags and operations on, Swagger UI renders only what is on screen (a virtualised list), so the page is
        // scrolled a screen at a time, as a reader would, until the operation shows.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await page.EvaluateExpressionAsync<bool>($"document.body.innerText.includes('{mustShow}')"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The page never showed {mustShow}.");
            await page.EvaluateExpressionAsync("window.scrollBy(0, window.innerHeight)");
            await Task.Delay(200);
        }
        await Task.Delay(500); // late images and workers
        visit.Refused.AddRange(await page.EvaluateExpressionAsync<string[]>("window.__refused || []"));
        return visit;
    }
}
