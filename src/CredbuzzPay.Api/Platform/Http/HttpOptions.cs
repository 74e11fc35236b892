using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Platform.Http;

/// <summary>Settings of section <c>Http</c>.</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>Largest request body accepted by default (bytes); an endpoint may allow more with <c>.AllowBodySize()</c>.</summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Origins allowed to call the API from a browser; none by default.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For is believed.</summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>Requests one client IP may make per minute across the API (auth endpoints have their own, tighter limits).</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerMinutePerIp { get; set; } = 1200;

    /// <summary>
    /// Thread-pool threads kept ready. SQLite's driver does its I/O (and waits for the write lock)
    /// on the calling thread, so a burst of sign-ins can hold every thread while the pool grows one
    /// or two a second and other requests queue (docs/benchmarks.md, sign-in storm); a floor removes that wait.
    /// </summary>
    [Range(1, 4096)]
    public int MinWorkerThreads { get; set; } = 64;
}
