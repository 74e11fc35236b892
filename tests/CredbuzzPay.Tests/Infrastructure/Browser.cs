using PuppeteerSharp;

namespace CredbuzzPay.Tests.Infrastructure;

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c> package; <c>.ci/run</c> installs it), driven by
/// PuppeteerSharp. Never downloads a browser: <c>CREDBUZZ_CHROMIUM</c> names the executable, or the
/// usual paths are tried. With CREDBUZZ_TEST_REQUIRE_ALL_ENGINES=1 a missing browser fails the
/// browser tests instead of skipping them.
/// </summary>
public static class TestBrowser
{
    public static readonly string? Executable = Find();

    public static bool Required => Environment.GetEnvironmentVariable("CREDBUZZ_TEST_REQUIRE_ALL_ENGINES") == "1";

    /// <summary>A headless browser that resolves <paramref name="hostName"/> to 127.0.0.1, as a public name would reach the service.</summary>
    public static Task<IBrowser> LaunchAsync(string hostName) => Puppeteer.LaunchAsync(new LaunchOptions
    {
        ExecutablePath = Executable ?? throw new InvalidOperationException("No Chromium found: install the chromium package or set CREDBUZZ_CHROMIUM."),
        Headless = true,
        // The sandbox needs user namespaces, which CI containers running as root lack; these pages are the service's own.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--host-resolver-rules=\"MAP {hostName} 127.0.0.1\""],
    });

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
