using System.Net;
using System.Diagnostics;

namespace CredbuzzPay.Api.Platform.Metrics;

/// <summary>One finished request as the node's own statistics keep it (no path values, no query, no user).</summary>
public readonly record struct RequestSample(DateTime At, string Method, string Route, int Status, double Milliseconds);

/// <summary>Figures over a window of this node's recent requests.</summary>
/// <summary>
/// Seed 003 #50: <c>total_requests</c>, <c>success_rate</c> and <c>error_rate</c> (percent of answers below
/// and from 400), <c>average_response_time</c> ("12ms"), <c>top_endpoints</c>; counts and percentiles beside.
/// </summary>
public sealed record RequestSummary(int Hours, long TotalRequests, long Requests, double SuccessRate, double ErrorRate, string? AverageResponseTime, double? AverageMs,
    long ClientErrors, long ServerErrors, double? P50Ms, double? P95Ms, double? P99Ms, IReadOnlyList<EndpointFigures> TopEndpoints, DateTime? OldestSampleAt);

public sealed record EndpointFigures(string Endpoint, long Requests, long Errors, double? P95Ms);

/// <summary>
/// The last <see cref="Capacity"/> requests of this node in a ring buffer (a few MB), for the
/// staff's api_statistics. Routes are endpoint patterns (<c>/api/v1/admin/users/{userCode}</c>), so
/// no identifier or secret from a path is kept. Per node: several nodes each answer for themselves;
/// Prometheus (<c>/metrics</c>) is the cluster-wide view.
/// </summary>
public sealed class RequestMetrics
{
    public const int Capacity = 200_000;
    private readonly RequestSample[] _samples = new RequestSample[Capacity];
    private readonly Lock _lock = new();
    private long _written;

    public DateTime StartedAt { get; } = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public void Record(RequestSample sample)
    {
        lock (_lock)
        {
            _samples[_written % Capacity] = sample;
            _written++;
        }
    }

    public RequestSummary Summarise(DateTime now, int hours)
    {
        var since = now.AddHours(-hours);
        List<RequestSample> window;
        lock (_lock)
        {
            var count = (int)Math.Min(_written, Capacity);
            window = new List<RequestSample>(count);
            for (var i = 0; i < count; i++)
            {
                var sample = _samples[i];
                if (sample.At >= since)
                {
                    window.Add(sample);
                }
            }
        }
        var durations = window.Select(s => s.Milliseconds).Order().ToArray();
        long client = window.Count(s => s.Status is >= 400 and < 500), server = window.Count(s => s.Status >= 500);
        var top = window.GroupBy(s => $"{s.Method} {s.Route}")
            .Select(g => new EndpointFigures(g.Key, g.LongCount(), g.LongCount(s => s.Status >= 500), Percentile(g.Select(s => s.Milliseconds).Order().ToArray(), 0.95)))
            .OrderByDescending(e => e.Requests).ThenBy(e => e.Endpoint, StringComparer.Ordinal).Take(10).ToList();
        var errorRate = window.Count == 0 ? 0 : Math.Round(100.0 * (client + server) / window.Count, 2);
        double? average = durations.Length == 0 ? null : Math.Round(durations.Average(), 2);
        return new RequestSummary(hours, window.Count, window.Count, window.Count == 0 ? 100 : Math.Round(100 - errorRate, 2), errorRate,
            average is { } a ? $"{Math.Round(a):0}ms" : null, average, client, server,
            Percentile(durations, 0.50), Percentile(durations, 0.95), Percentile(durations, 0.99), top, window.Count == 0 ? null : window.Min(s => s.At));
    }

    private static double? Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return null;
        }
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)], 2);
    }
}

/// <summary>Settings of section <c>Metrics</c>: whether <c>/metrics</c> is served, and to which client addresses.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public bool Enabled { get; set; } = true;

    /// <summary>Client addresses or CIDR networks allowed to scrape <c>/metrics</c> (none given: loopback only); everyone else gets 404.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    internal bool Allows(IPAddress? address) => Http.ClientAddresses.InAny(address, AllowedNetworks.Count == 0 ? Http.ClientAddresses.Loopback : AllowedNetworks);
}
