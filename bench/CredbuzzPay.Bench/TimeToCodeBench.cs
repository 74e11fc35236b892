using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CredbuzzPay.Bench;

/// <summary>
/// <c>--time-to-code [--runs 200] [--clients 1]</c>: starts registrations (each a new person, so no per-mobile limit applies) and measures, for
/// each, the time from the moment its answer arrived to the moment its SMS code reached the sender (the Development pickup file, tailed every
/// millisecond), and from the moment the request was sent. Prints p50 / p99 / max of both. No staff sign-in is needed.
/// </summary>
internal static class TimeToCodeBench
{
    public static async Task<int> RunAsync(HttpClient http, string pickup, int runs, int clients)
    {
        using var tail = new PickupTail(pickup);
        var afterAnswer = new List<double>();
        var afterRequest = new List<double>();
        var gate = new object();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= runs)
            {
                var mobile = "96" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
                var sent = Stopwatch.GetTimestamp();
                var answer = await http.PostAsJsonAsync("/api/v1/auth/register/initiate",
                    new { email = $"code-bench-{mobile}@example.com", mobile, password = "C0de!Bench#2026" });
                var answered = Stopwatch.GetTimestamp();
                if (!answer.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"register/initiate answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
                }
                var handedOff = await tail.WaitForAsync("+91" + mobile, TimeSpan.FromSeconds(30));
                lock (gate)
                {
                    afterAnswer.Add(Math.Max(0, Stopwatch.GetElapsedTime(answered, handedOff).TotalMilliseconds));
                    afterRequest.Add(Stopwatch.GetElapsedTime(sent, handedOff).TotalMilliseconds);
                }
            }
        }));
        Console.WriteLine($"| measured from | runs | clients | p50 ms | p99 ms | max ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (what, samples) in new[] { ("the answer", afterAnswer), ("the request", afterRequest) })
        {
            samples.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {what} | {samples.Count} | {clients} | {Percentile(samples, 0.50):F1} | {Percentile(samples, 0.99):F1} | {samples[^1]:F1} |"));
        }
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Follows the pickup file from its current end, noting when each recipient's first message appears.</summary>
    private sealed class PickupTail : IDisposable
    {
        private readonly FileStream _stream;
        private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
        private readonly StringBuilder _partial = new();
        private readonly byte[] _buffer = new byte[64 * 1024];
        private readonly SemaphoreSlim _lock = new(1, 1);

        public PickupTail(string path)
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                File.WriteAllText(path, "");
            }
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            _stream.Seek(0, SeekOrigin.End);
        }

        public async Task<long> WaitForAsync(string to, TimeSpan timeout)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await _lock.WaitAsync();
                try
                {
                    Read();
                    if (_seen.TryGetValue(to, out var at))
                    {
                        return at;
                    }
                }
                finally
                {
                    _lock.Release();
                }
                await Task.Delay(1);
            }
            throw new TimeoutException($"No message to {to} reached the pickup file.");
        }

        private void Read()
        {
            int read;
            while ((read = _stream.Read(_buffer, 0, _buffer.Length)) > 0)
            {
                var now = Stopwatch.GetTimestamp();
                _partial.Append(Encoding.UTF8.GetString(_buffer, 0, read));
                var text = _partial.ToString();
                var end = text.LastIndexOf('\n');
                if (end < 0)
                {
                    continue;
                }
                foreach (var line in text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var to = JsonDocument.Parse(line).RootElement.GetProperty("to").GetString()!;
                    _seen.TryAdd(to, now);
                }
                _partial.Clear().Append(text[(end + 1)..]);
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _lock.Dispose();
        }
    }
}
