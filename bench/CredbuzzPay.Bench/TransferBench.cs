using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace CredbuzzPay.Bench;

/// <summary>
/// Transfers over HTTP (docs/benchmarks.md, issue 12): <c>--transfers</c> signs in <c>--clients</c> KYC-verified
/// demo users (default 64), each opens and funds a savings account; the first ten are the hot accounts.
/// The cold ones are the demo accounts seed-demo made (<c>--ledger-accounts 10000</c>), read through the staff
/// list. After a warm-up each client sends transfers of 1.00 from its own account without pause, half
/// to a hot account and half to a cold one, for <c>--seconds</c>; it prints throughput and latency.
/// </summary>
internal static class TransferBench
{
    public static async Task<int> RunAsync(HttpClient admin, string baseUrl, string pickup, int clients, int seconds, int cold)
    {
        var users = await VerifiedDemoUsersAsync(admin, clients);
        var coldAccounts = await ColdAccountsAsync(admin, cold);
        using var codes = new SignInStorm.PickupTail(pickup);
        await codes.CaughtUp;
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

        // Signed in together: each sign-in waits for its SMS code from the Development outbox.
        var sessions = (await Task.WhenAll(users.Select(async user =>
        {
            var (token, status) = await SignInStorm.SignInAsync(http, codes, user, CancellationToken.None);
            for (var retry = 0; token is null && retry < 3; retry++)
            {
                // A user signed in moments ago by an earlier run waits out the sign-in code's resend cooldown.
                await Task.Delay(TimeSpan.FromSeconds(35));
                (token, status) = await SignInStorm.SignInAsync(http, codes, user, CancellationToken.None);
            }
            if (token is null)
            {
                throw new InvalidOperationException($"{user.Email} could not sign in ({(int)status}).");
            }
            var opened = await SendAsync(http, token, HttpMethod.Post, "/api/v1/accounts/", new { account_type = "SAVINGS" });
            var account = opened.GetProperty("account_number").GetString()!;
            await SendAsync(http, token, HttpMethod.Post, "/api/v1/transactions/", new { transaction_type = "DEPOSIT", to_account_number = account, amount = "100000.00" });
            return (Token: token, Account: account);
        }))).ToList();
        var hot = sessions.Take(10).Select(s => s.Account).ToArray();
        Console.WriteLine($"{sessions.Count} clients signed in with funded accounts; {hot.Length} hot and {coldAccounts.Count} cold destination accounts.");

        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var workers = sessions.Select(session => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var to = RandomNumberGenerator.GetInt32(2) == 0 ? hot[RandomNumberGenerator.GetInt32(hot.Length)] : coldAccounts[RandomNumberGenerator.GetInt32(coldAccounts.Count)];
                if (to == session.Account)
                {
                    continue;
                }
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transactions/")
                {
                    Content = JsonContent.Create(new { transaction_type = "TRANSFER", from_account_number = session.Account, to_account_number = to, amount = "1.00" }),
                };
                request.Headers.Authorization = new("Bearer", session.Token);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                if (measuring)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                }
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(5));
        measuring = true;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        measuring = false;
        var elapsed = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var sorted = latencies.OrderBy(l => l).ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        var completed = statuses.GetValueOrDefault(201);
        Console.WriteLine("| clients | seconds | completed transfers | per second | p50 ms | p99 ms | max ms | other answers |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        var others = string.Join(", ", statuses.Where(s => s.Key != 201).Select(s => $"{s.Key}×{s.Value}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {sessions.Count} | {elapsed:0.0} | {completed} | {completed / elapsed:0} | {Percentile(0.50):0.0} | {Percentile(0.99):0.0} | {(sorted.Length == 0 ? 0 : sorted[^1]):0.0} | {(others.Length == 0 ? "none" : others)} |"));
        return statuses.Keys.All(k => k == 201) ? 0 : 1;
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, string token, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
    }

    private static async Task<List<(string Email, string Mobile)>> VerifiedDemoUsersAsync(HttpClient admin, int wanted)
    {
        var users = new List<(string, string)>();
        for (var page = 1; users.Count < wanted; page++)
        {
            var list = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/users/list_users?search=demo-&status=active&page={page}&page_size=100");
            var results = list.GetProperty("results").EnumerateArray().ToList();
            if (results.Count == 0)
            {
                throw new InvalidOperationException($"Seed enough demo users for {wanted} KYC-verified ones first (seed-demo: one in five is verified).");
            }
            users.AddRange(results.Where(u => u.GetProperty("kyc_status").GetString() == "verified")
                .Select(u => (u.GetProperty("email").GetString()!, u.GetProperty("mobile").GetString()!)));
        }
        return users.Take(wanted).ToList();
    }

    private static async Task<List<string>> ColdAccountsAsync(HttpClient admin, int wanted)
    {
        var numbers = new List<string>();
        for (var page = 1; numbers.Count < wanted; page++)
        {
            var list = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/accounts/?page={page}&page_size=100");
            var results = list.GetProperty("results").EnumerateArray().Select(a => a.GetProperty("account_number").GetString()!).ToList();
            if (results.Count == 0)
            {
                break;
            }
            numbers.AddRange(results);
        }
        return numbers.Count >= Math.Min(wanted, 1) ? numbers.Take(wanted).ToList() : throw new InvalidOperationException("Seed the cold accounts first: seed-demo --ledger-accounts 10000.");
    }
}
