using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CredbuzzPay.Bench;

/// <summary>
/// Sign-in storm (docs/benchmarks.md, issue 11 point 7): <c>--storm</c> workers sign demo users in
/// without pause (password, then the SMS code read from the pickup file), while <c>--readers</c>
/// signed-in clients read their profile without pause; after a warm-up, for <c>--seconds</c>, it
/// records every request and prints the readers' latency and the sign-ins' throughput.
/// </summary>
internal static partial class SignInStorm
{
    private const string DemoPassword = "Demo!Passw0rd#2026";

    public static async Task<int> RunAsync(HttpClient admin, string baseUrl, string pickup, int storm, int readers, int seconds, int readRate, bool wrongPasswords)
    {
        var users = await DemoUsersAsync(admin, storm + readers);
        using var codes = new PickupTail(pickup);
        await codes.CaughtUp;
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

        var readerTokens = new List<string>();
        foreach (var user in users.Take(readers))
        {
            readerTokens.Add((await SignInAsync(http, codes, user, CancellationToken.None)).Token
                ?? throw new InvalidOperationException($"A reader could not sign in ({user.Email})."));
        }
        var stormUsers = users.Skip(readers).ToList();

        var reads = new ConcurrentBag<double>();
        var signIns = new ConcurrentBag<double>();
        var busy = 0;
        var failed = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var tasks = new List<Task>();
        async Task ReadAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/user/profile/my_profile");
            request.Headers.Authorization = new("Bearer", token);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            if (measuring && response.IsSuccessStatusCode)
            {
                reads.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        if (readRate > 0)
        {
            // Open loop: reads arrive at a steady rate whatever the answers' speed, as users' clicks do.
            tasks.Add(Task.Run(async () =>
            {
                var pending = new List<Task>();
                var clock = Stopwatch.StartNew();
                for (long sent = 0; !stop.IsCancellationRequested; sent++)
                {
                    var due = TimeSpan.FromSeconds(sent / (double)readRate) - clock.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due);
                    }
                    pending.Add(ReadAsync(readerTokens[(int)(sent % readerTokens.Count)]));
                    pending.RemoveAll(t => t.IsCompleted);
                }
                await Task.WhenAll(pending);
            }));
        }
        else
        {
            foreach (var token in readerTokens)
            {
                tasks.Add(Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        await ReadAsync(token);
                    }
                }));
            }
        }
        for (var w = 0; w < storm; w++)
        {
            var user = stormUsers[w % stormUsers.Count];
            tasks.Add(Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    var outcome = wrongPasswords ? await WrongPasswordAsync(http, stop.Token) : await SignInAsync(http, codes, user, stop.Token);
                    if (wrongPasswords && outcome.Status == HttpStatusCode.Unauthorized)
                    {
                        if (measuring)
                        {
                            signIns.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        }
                        continue;
                    }
                    if (!measuring)
                    {
                        continue;
                    }
                    if (outcome.Token is not null)
                    {
                        signIns.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    else if (outcome.Status == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref busy);
                        if (!wrongPasswords)
                        {
                            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None); // as Retry-After says; an attacker would not wait
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }));
        }
        await Task.Delay(TimeSpan.FromSeconds(5));
        measuring = true;
        var window = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        measuring = false;
        var elapsed = window.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException)
        {
        }

        var readTimes = reads.Order().ToList();
        var signInTimes = signIns.Order().ToList();
        Console.WriteLine($"{storm} sign-ins in flight, {(readRate > 0 ? $"reads arriving at {readRate}/s" : $"{readers} readers without pause")}, {elapsed:0} s measured");
        Console.WriteLine();
        Console.WriteLine("| what | count | per second | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(Row("profile reads", readTimes, elapsed));
        Console.WriteLine(Row(wrongPasswords ? "wrong passwords for unknown accounts answered 401" : "sign-ins completed (password + SMS code)", signInTimes, elapsed));
        Console.WriteLine();
        Console.WriteLine($"refused 503{(wrongPasswords ? "" : " (retried after 1 s)")}: {busy}; other failures: {failed}");
        return 0;
    }

    private static string Row(string what, List<double> times, double seconds)
    {
        if (times.Count == 0)
        {
            return $"| {what} | 0 | 0 | — | — | — | — |";
        }
        double P(double p) => times[Math.Clamp((int)Math.Ceiling(p * times.Count) - 1, 0, times.Count - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {times.Count} | {times.Count / seconds:0.0} | {P(0.5):0.0} | {P(0.95):0.0} | {P(0.99):0.0} | {times[^1]:0.0} |");
    }

    private static async Task<List<(string Email, string Mobile)>> DemoUsersAsync(HttpClient admin, int wanted)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/users/list_users?search=demo-&status=active&page_size=100");
        var users = page.GetProperty("results").EnumerateArray()
            .Select(u => (u.GetProperty("email").GetString()!, u.GetProperty("mobile").GetString()!)).ToList();
        return users.Count >= wanted ? users : throw new InvalidOperationException($"Seed at least {wanted} demo users first (seed-demo).");
    }

    /// <summary>What an attacker sends: a made-up account and a wrong password (the same hashing work as a real one).</summary>
    private static async Task<(string? Token, HttpStatusCode Status)> WrongPasswordAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var login = await http.PostAsJsonAsync("/api/v1/auth/login",
                new { email_or_mobile = $"nobody-{Guid.NewGuid():N}@example.com", password = "Wrong-Pass#2026" }, cancellationToken);
            return (null, login.StatusCode);
        }
        catch (OperationCanceledException)
        {
            return (null, HttpStatusCode.RequestTimeout);
        }
    }

    internal static async Task<(string? Token, HttpStatusCode Status)> SignInAsync(HttpClient http, PickupTail codes, (string Email, string Mobile) user, CancellationToken cancellationToken)
    {
        try
        {
            var sent = codes.CountFor(user.Mobile);
            using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email_or_mobile = user.Email, password = DemoPassword }, cancellationToken);
            if (!login.IsSuccessStatusCode)
            {
                return (null, login.StatusCode);
            }
            var requestId = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("request_id").GetString();
            var code = await codes.NextAsync(user.Mobile, sent, cancellationToken);
            using var verify = await http.PostAsJsonAsync("/api/v1/auth/verify_login_otp", new { request_id = requestId, otp = code }, cancellationToken);
            return verify.IsSuccessStatusCode
                ? ((await verify.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("access").GetString(), verify.StatusCode)
                : (null, verify.StatusCode);
        }
        catch (OperationCanceledException)
        {
            return (null, HttpStatusCode.RequestTimeout);
        }
    }

    /// <summary>Follows the pickup file as it grows, keeping the codes sent to each destination and waking whoever waits for one.</summary>
    internal sealed partial class PickupTail : IDisposable
    {
        private readonly ConcurrentDictionary<string, Inbox> _inboxes = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _reading;
        private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Done once the file's earlier lines are read: only then does a count mean "codes sent so far".</summary>
        public Task CaughtUp => _caughtUp.Task;

        public PickupTail(string path)
        {
            _reading = Task.Run(async () =>
            {
                while (!File.Exists(path))
                {
                    await Task.Delay(50);
                }
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                var partial = "";
                while (!_stop.IsCancellationRequested)
                {
                    var line = await reader.ReadLineAsync();
                    if (line is null)
                    {
                        _caughtUp.TrySetResult();
                        await Task.Delay(5);
                        continue;
                    }
                    line = partial + line;
                    if (!line.EndsWith('}'))
                    {
                        partial = line;
                        continue;
                    }
                    partial = "";
                    var message = JsonDocument.Parse(line).RootElement;
                    Of(message.GetProperty("to").GetString()!).Add(SixDigits().Match(message.GetProperty("body").GetString() ?? "").Value);
                }
            });
        }

        public int CountFor(string destination) => Of(destination).Count;

        public Task<string> NextAsync(string destination, int seen, CancellationToken cancellationToken) =>
            Of(destination).NextAsync(seen).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        private Inbox Of(string destination) => _inboxes.GetOrAdd(destination, _ => new Inbox());

        private sealed class Inbox
        {
            private readonly List<string> _codes = [];
            private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public int Count
            {
                get
                {
                    lock (_codes)
                    {
                        return _codes.Count;
                    }
                }
            }

            public void Add(string code)
            {
                TaskCompletionSource arrived;
                lock (_codes)
                {
                    _codes.Add(code);
                    arrived = _arrived;
                    _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                arrived.TrySetResult();
            }

            public async Task<string> NextAsync(int seen)
            {
                while (true)
                {
                    Task arrived;
                    lock (_codes)
                    {
                        if (_codes.Count > seen)
                        {
                            return _codes[^1];
                        }
                        arrived = _arrived.Task;
                    }
                    await arrived;
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _reading.Wait(TimeSpan.FromSeconds(2));
            }
            catch (AggregateException)
            {
            }
            _stop.Dispose();
        }

        [GeneratedRegex(@"\b\d{6}\b")]
        private static partial Regex SixDigits();
    }
}
