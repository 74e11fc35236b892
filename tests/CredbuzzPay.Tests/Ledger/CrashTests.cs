using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Ledger;

/// <summary>
/// The service process is killed (SIGKILL, as <c>kill -9</c>) while 64 clients transfer money, and started again, twice: every transfer a
/// client saw acknowledged exists exactly once, a retry with the same <c>Idempotency-Key</c> never moves money twice, and the books and the
/// audit chain verify.
/// </summary>
public sealed partial class CrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Clients = 64;
    private const int Rounds = 2;

    [Theory, EngineData]
    public async Task KilledDuringTransfers_EveryAcknowledgedTransferExistsOnce_AndRetriesNeverDouble(string engine)
    {
        using var database = TestDatabase.Create(engine);
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(typeof(Program).Assembly.Location),
            ["Database__Provider"] = engine,
            ["ConnectionStrings__Default"] = database.ConnectionString,
            ["Storage__DataDirectory"] = Path.Combine(database.Directory, "data"),
            ["LogFiles__Directory"] = Path.Combine(database.Directory, "logs"),
            ["LogFiles__Console"] = "false",
            ["Secrets__GenerateMissingKeys"] = "true",
            ["Http__PermitsPerMinutePerIp"] = "1000000",
            ["Identity__AuthPermitsPerMinutePerIp"] = "100000",
            ["Ledger__Fees__TRANSFER__Flat"] = "0.00",
            ["Ledger__Products__SAVINGS__SingleTransactionLimit"] = "10000000.00",
            ["Ledger__Products__SAVINGS__DailyTransactionLimit"] = "10000000.00",
            ["Notifications__Outbox__PollIntervalSeconds"] = "1",
            // A short lease, so the retries below come after it: a claim cut off by the kill is then answered, never left "in progress".
            ["Ledger__IdempotencyLeaseSeconds"] = "2",
        };
        var pickup = Path.Combine(database.Directory, "data", "outbox", "messages.jsonl");
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

        var service = await StartAsync(database.Directory, environment, port, http);
        var (token, userCode) = await RegisterAsync(http, pickup);
        database.Execute($"UPDATE users SET kyc_status = 'verified' WHERE user_code = '{userCode}'");
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var first = await FundedAsync(http, "100000.00");
        var second = await FundedAsync(http, "100000.00");

        // Every request a client sent (its key, its direction), and the transaction id of those it saw acknowledged.
        var sent = new ConcurrentDictionary<string, bool>();
        var acknowledged = new ConcurrentDictionary<string, string>();
        for (var round = 0; round < Rounds; round++)
        {
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Clients).Select(i => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var key = Guid.NewGuid().ToString();
                    var forward = i % 2 == 0;
                    sent[key] = forward;
                    try
                    {
                        using var answer = await TransferAsync(http, key, forward ? first : second, forward ? second : first);
                        if (answer.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[key] = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transaction_id").GetString()!;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The process died under this request: the client never learnt the outcome, and will retry with the same key.
                        return;
                    }
                }
            })).ToList();
            // Kill once this round has seen some transfers through (a fresh process on a server engine warms up first).
            var target = acknowledged.Count + Clients;
            // Under a loaded machine (the whole suite running beside it) that can take a while: up to a minute.
            for (var wait = 0; wait < 600 && acknowledged.Count < target; wait++)
            {
                await Task.Delay(100);
            }
            service.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(load);
            service.Dispose();
            service = await StartAsync(database.Directory, environment, port, http);
        }
        Assert.True(acknowledged.Count >= Clients, $"only {acknowledged.Count} transfers were acknowledged before the kills");

        // Every client retries what it sent, with the same key and body, once the lease of the cut-off claims has passed. An acknowledged one
        // answers the same transaction. One cut off by the kill either runs now (its first attempt committed nothing) or, when its money had
        // moved before the answer was recorded, answers 409 idempotency_committed with that transaction's id: never a second movement.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var outcome = new ConcurrentDictionary<string, string>();
        var committed = new ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(sent, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (pair, cancellationToken) =>
        {
            using var answer = await TransferAsync(http, pair.Key, pair.Value ? first : second, pair.Value ? second : first);
            var body = await answer.Content.ReadAsStringAsync(cancellationToken);
            var json = JsonDocument.Parse(body).RootElement;
            if (answer.StatusCode == HttpStatusCode.Conflict && !acknowledged.ContainsKey(pair.Key) && json.GetProperty("code").GetString() == "idempotency_committed")
            {
                committed[pair.Key] = json.GetProperty("transaction_id").GetString()!;
                return;
            }
            Assert.True(answer.StatusCode == HttpStatusCode.Created, $"retry of {pair.Key}: {(int)answer.StatusCode} {body}");
            outcome[pair.Key] = json.GetProperty("transaction_id").GetString()!;
        });
        foreach (var (key, id) in acknowledged)
        {
            Assert.Equal(id, outcome[key]);
        }
        var all = outcome.Concat(committed).ToList();
        Assert.Equal(sent.Count, all.Count);
        Assert.Equal(sent.Count, all.Select(p => p.Value).Distinct().Count());

        // Each key moved money exactly once: as many transfer entries as keys, each answered one's id among them, and the balances are what
        // the client computes from its own requests.
        var entries = Convert.ToInt64(database.Scalar("SELECT COUNT(*) FROM ledger_entries WHERE entry_type = 'TRANSFER'"), CultureInfo.InvariantCulture);
        Assert.Equal(sent.Count, entries);
        var net = sent.Sum(k => k.Value ? -100L : 100L);
        Assert.Equal(10_000_000L + net, await PaiseAsync(http, first));
        Assert.Equal(10_000_000L - net, await PaiseAsync(http, second));
        output.WriteLine($"{engine}: {Rounds} kills survived; {sent.Count} transfers sent, {acknowledged.Count} acknowledged before a kill, {outcome.Count} answered on retry, {committed.Count} answered already carried out, {entries} entries");
        service.Dispose();

        var ledger = await ServiceProcess.RunAsync(database.Directory, environment, "verify-ledger");
        var audit = await ServiceProcess.RunAsync(database.Directory, environment, "verify-audit");
        Assert.True(ledger.ExitCode == 0, ledger.Output + ledger.Error);
        Assert.True(audit.ExitCode == 0, audit.Output + audit.Error);
    }

    private static async Task<ServiceProcess> StartAsync(string directory, Dictionary<string, string?> environment, int port, HttpClient http)
    {
        var service = ServiceProcess.Start(directory, environment, "--urls", $"http://127.0.0.1:{port}");
        for (var i = 0; i < 150; i++)
        {
            try
            {
                using var ready = await http.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The service did not become ready.\n{service.Output}\n{service.Error}");
    }

    private static Task<HttpResponseMessage> TransferAsync(HttpClient http, string key, string from, string to)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transactions/")
        {
            Content = JsonContent.Create(new { transaction_type = "TRANSFER", from_account_number = from, to_account_number = to, amount = "1.00" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(request);
    }

    private static async Task<string> FundedAsync(HttpClient http, string amount)
    {
        var opened = await OkAsync(await http.PostAsJsonAsync("/api/v1/accounts/", new { account_type = "SAVINGS" }));
        var number = opened.GetProperty("account_number").GetString()!;
        var deposit = await OkAsync(await http.PostAsJsonAsync("/api/v1/transactions/", new { transaction_type = "DEPOSIT", to_account_number = number, amount }));
        Assert.Equal("COMPLETED", deposit.GetProperty("status").GetString());
        return number;
    }

    private static async Task<long> PaiseAsync(HttpClient http, string number)
    {
        var balance = (await OkAsync(await http.GetAsync($"/api/v1/accounts/{number}/"))).GetProperty("balance").GetString()!;
        return (long)(decimal.Parse(balance, CultureInfo.InvariantCulture) * 100);
    }

    /// <summary>A new user registered and signed in on the web, the codes read from the pickup file: their token and user code.</summary>
    private static async Task<(string Token, string UserCode)> RegisterAsync(HttpClient http, string pickup)
    {
        var mobile = "9" + KycFlow.RandomDigits(9);
        var email = $"crash-{mobile}@example.com";
        const string password = "Cr4sh!Test#2026";
        var initiated = await OkAsync(await http.PostAsJsonAsync("/api/v1/auth/register/initiate", new { email, mobile, password }));
        var requestId = initiated.GetProperty("request_id").GetString();
        await OkAsync(await http.PostAsJsonAsync("/api/v1/auth/register/verify_otp", new { request_id = requestId, otp = await CodeAsync(pickup, email, 1), email }));
        var created = await OkAsync(await http.PostAsJsonAsync("/api/v1/auth/register/verify_otp", new { request_id = requestId, otp = await CodeAsync(pickup, "+91" + mobile, 1), mobile }));
        var login = await OkAsync(await http.PostAsJsonAsync("/api/v1/auth/login", new { email_or_mobile = email, password }));
        var tokens = await OkAsync(await http.PostAsJsonAsync("/api/v1/auth/verify_login_otp",
            new { request_id = login.GetProperty("request_id").GetString(), otp = await CodeAsync(pickup, "+91" + mobile, 2) }));
        var userCode = created.GetProperty("user_code").GetString()!;
        return (tokens.GetProperty("access").GetString()!, userCode);
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> CodeAsync(string pickup, string to, int count)
    {
        for (var wait = 0; wait < 200; wait++)
        {
            var codes = File.Exists(pickup)
                ? TestFiles.ReadShared(pickup).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.EndsWith('}'))
                    .Select(l => JsonDocument.Parse(l).RootElement).Where(m => m.GetProperty("to").GetString() == to)
                    .Select(m => SixDigits().Match(m.GetProperty("body").GetString()!).Value).ToList()
                : [];
            if (codes.Count >= count)
            {
                return codes[^1];
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No code number {count} reached {to}.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
