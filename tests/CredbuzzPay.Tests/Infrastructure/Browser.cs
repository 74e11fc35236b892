using Microsoft.Playwright;

namespace CredbuzzPay.Tests.Infrastructure;

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c> package; <c>.ci/run</c> installs it), driven by
/// Microsoft.Playwright through the Node.js driver its package ships. Never downloads a browser: the
/// executable is given by path (<c>CREDBUZZ_CHROMIUM</c>, or the usual paths are tried). With
/// CREDBUZZ_TEST_REQUIRE_ALL_ENGINES=1 a missing browser fails the browser tests instead of skipping them.
/// </summary>
public static class TestBrowser
{
    public static readonly string? Executable = Find();

    public static bool Required => Environment.GetEnvironmentVariable("CREDBUZZ_TEST_REQUIRE_ALL_ENGINES") == "1";

    /// <summary>A headless browser that resolves <paramref name="hostName"/> to 127.0.0.1, as a public name would reach the service.</summary>
    public static async Task<LaunchedBrowser> LaunchAsync(string hostName)
    {
        var executable = Executable ?? throw new InvalidOperationException("No Chromium found: install the chromium package or set CREDBUZZ_CHROMIUM.");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                // Playwright runs Chromium without its sandbox unless asked (CI containers running as root lack the
                // user namespaces it needs); these pages are the service's own.
                Args = ["--disable-gpu", "--disable-dev-shm-usage", $"--host-resolver-rules=MAP {hostName} 127.0.0.1"],
            });
            return new LaunchedBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("CREDBUZZ_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        return new[] { "/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
    }
}

/// <summary>A launched browser and the Playwright driver behind it; disposing closes both.</summary>
public sealed class LaunchedBrowser(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
{
    /// <summary>A page in a fresh context (its own cookies) with a desktop-sized viewport.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 860)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}

/// <summary>A test that needs the browser: skipped (not passed) without one, unless every engine is required.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (TestBrowser.Executable is null && !TestBrowser.Required)
        {
            Skip = "No Chromium found (install the chromium package or set CREDBUZZ_CHROMIUM).";
        }
    }
}
