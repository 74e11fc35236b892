using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace CredbuzzPay.Bench;

/// <summary>
/// Recharge purchases over HTTP (docs/benchmarks.md, issue 14): <c>--purchases</c>, signed in as a super_admin, moves
/// <c>--clients</c> KYC-verified demo users (default 32) into the retailer tier (each gets its wallet), funds each wallet
/// with 40,000.00 from the float, and makes a 10.00 Jio plan. After a warm-up each retailer buys recharges without pause
/// for <c>--seconds</c>, each for a fresh number the aggregator sandbox completes at once; it prints throughput and latency
/// of completed (201 SUCCESS) purchases.
/// </summary>
internal static class PurchaseBench
{
    public static async Task<int> RunAsync(HttpClient staff, string baseUrl, string pickup, int clients, int seconds)
    {
        var users = await VerifiedDemoUsersAsync(staff, clients);
        foreach (var user in users)
        {
            (await staff.PutAsJsonAsync($"/api/v1/admin/users/{user.Code}", new { tier = "retailer" })).EnsureSuccessStatusCode();
            var funded = await staff.PostAsJsonAsync("/api/v1/wallet/add-to-wallet/", new { user_code = user.Code, amount = "40000.00", description = "bench float" });
            if (funded.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"add-to-wallet answered {(int)funded.StatusCode}: {await funded.Content.ReadAsStringAsync()}");
            }
        }
        var planResponse = await staff.PostAsJsonAsync("/api/v1/plans/", new { operator_code = "JIO", plan_type = "topup", price = "10.00", description = "Bench top-up" });
        var plan = (await planResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var codes = new SignInStorm.PickupTail(pickup);
        await codes.CaughtUp;
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var tokens = await Task.WhenAll(users.Select(async user =>
        {
            var (token, status) = await SignInStorm.SignInAsync(http, codes, (user.Email, user.Mobile), CancellationToken.None);
            for (var retry = 0; token is null && retry < 3; retry++)
            {
                await Task.Delay(TimeSpan.FromSeconds(35));
                (token, status) = await SignInStorm.SignInAsync(http, codes, (user.Email, user.Mobile), CancellationToken.None);
            }
            return token ?? throw new InvalidOperationException($"{user.Email} could not sign in ({(int)status}).");
        }));
        Console.WriteLine($"{tokens.Length} retailers signed in with funded wallets; plan {plan}.");

        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<string, int>();
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var workers = tokens.Select(token => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var number = "9" + RandomNumberGenerator.GetInt32(0, 10_000_000).ToString("D7", CultureInfo.InvariantCulture) + "55";
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/purchases/purchase/") { Content = JsonContent.Create(new { plan_id = plan, mobile_number = number }) };
                request.Headers.Authorization = new("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var outcome = response.StatusCode == HttpStatusCode.Created ? JsonDocument.Parse(body).RootElement.GetProperty("status").GetString()! : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                if (measuring)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
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
        var completed = statuses.GetValueOrDefault("SUCCESS");
        Console.WriteLine("| retailers | seconds | completed purchases | per second | p50 ms | p99 ms | max ms | other answers |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        var others = string.Join(", ", statuses.Where(s => s.Key != "SUCCESS").Select(s => $"{s.Key}×{s.Value}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {tokens.Length} | {elapsed:0.0} | {completed} | {completed / elapsed:0} | {Percentile(0.50):0.0} | {Percentile(0.99):0.0} | {(sorted.Length == 0 ? 0 : sorted[^1]):0.0} | {(others.Length == 0 ? "none" : others)} |"));
        return statuses.Keys.All(k => k == "SUCCESS") ? 0 : 1;
    }

    private static async Task<List<(string Email, string Mobile, string Code)>> VerifiedDemoUsersAsync(HttpClient admin, int wanted)
    {
        var users = new List<(string, string, string)>();
        for (var page = 1; users.Count < wanted; page++)
        {
            var list = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/users/list_users?search=demo-&status=active&role=user&page={page}&page_size=100");
            var results = list.GetProperty("results").EnumerateArray().ToList();
            if (results.Count == 0)
            {
                throw new InvalidOperationException($"Seed enough demo users for {wanted} KYC-verified ones first (seed-demo: one in five is verified).");
            }
            users.AddRange(results.Where(u => u.GetProperty("kyc_status").GetString() == "verified")
                .Select(u => (u.GetProperty("email").GetString()!, u.GetProperty("mobile").GetString()!, u.GetProperty("user_code").GetString()!)));
        }
        return users.Take(wanted).ToList();
    }
}
