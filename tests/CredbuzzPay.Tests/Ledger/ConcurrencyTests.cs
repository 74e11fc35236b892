using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Ledger;

/// <summary>Money under concurrency, over HTTP on every engine: no overdraft, no limit passed, every transfer credited once.</summary>
public sealed class ConcurrencyTests
{
    [Theory, EngineData]
    public async Task TwentyTransfersOfTenAtOnce_FromOneHundred_ExactlyTenSucceed(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var from = await LedgerFlow.FundedAsync(user, "100.00");
        var to = await LedgerFlow.OpenAsync(user);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => LedgerFlow.TransferAsync(user.Client, from, to, "10.00")));

        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        var refused = answers.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(10, refused.Count);
        foreach (var refusal in refused)
        {
            await LedgerFlow.ProblemAsync(refusal, (HttpStatusCode)422, "insufficient_funds");
        }
        Assert.Equal("0.00", await LedgerFlow.BalanceAsync(user, from));
        Assert.Equal("100.00", await LedgerFlow.BalanceAsync(user, to));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task DailyLimit_IsNeverPassed_ByManyConcurrentDebits(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        // A current account keeps seed 001's limits: 10,000.00 per transaction, 50,000.00 a day.
        var from = await LedgerFlow.FundedAsync(user, "90000.00", "CURRENT");
        var to = await LedgerFlow.OpenAsync(user);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => LedgerFlow.TransferAsync(user.Client, from, to, "7000.00")));

        // 7 × 7,000.00 = 49,000.00 fits in the day; an eighth would be 56,000.00.
        Assert.Equal(7, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refusal in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await LedgerFlow.ProblemAsync(refusal, (HttpStatusCode)422, "limit_exceeded");
        }
        Assert.Equal(4_900_000, LedgerFlow.StoredPaise(host, to));
        Assert.Equal(4_100_000, LedgerFlow.StoredPaise(host, from));
        // 1,000.00 is still allowed today; 1,000.01 is not.
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, from, to, "1000.01"), (HttpStatusCode)422, "limit_exceeded");
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(user.Client, from, to, "1000.00"), HttpStatusCode.Created);
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    private static string Tail(string log) => string.Join("\n", log.Split('\n').Where(l => l.Contains("Exception", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal) || l.Contains("DETAIL", StringComparison.Ordinal)).Take(30));

    /// <summary>
    /// A bank-style workload: 64 workers, 10,000 transfers among 10 accounts in random pairs both ways,
    /// while a reader checks that every snapshot of the ten balances sums to the same total and none is negative.
    /// </summary>
    [Theory, EngineData]
    public async Task BankWorkload_ConservesTheTotal_NeverGoesNegative_AndCreditsEachTransferOnce(string engine)
    {
        const int Workers = 64, Transfers = 10_000, Accounts = 10;
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var numbers = new List<string>();
        for (var i = 0; i < Accounts; i++)
        {
            numbers.Add(await LedgerFlow.FundedAsync(user, "500.00"));
        }
        const long Total = Accounts * 50_000L;
        var done = new ConcurrentBag<(string Id, int From, int To, long Paise)>();
        var refusedCount = 0;
        var next = -1;
        using var stop = new CancellationTokenSource();
        var snapshots = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var page = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/accounts/?page_size=100"));
                var balances = page.GetProperty("results").EnumerateArray().Select(a => (long)Math.Round(decimal.Parse(a.GetProperty("balance").GetString()!, System.Globalization.CultureInfo.InvariantCulture) * 100)).ToList();
                Assert.Equal(Accounts, balances.Count);
                Assert.All(balances, b => Assert.True(b >= 0, $"a balance went negative: {b}"));
                Assert.Equal(Total, balances.Sum());
                snapshots++;
            }
        });
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < Transfers)
            {
                var from = RandomNumberGenerator.GetInt32(Accounts);
                var to = (from + 1 + RandomNumberGenerator.GetInt32(Accounts - 1)) % Accounts;
                var paise = 100L * (1 + RandomNumberGenerator.GetInt32(80));
                var amount = $"{paise / 100}.{paise % 100:D2}";
                var response = await LedgerFlow.TransferAsync(user.Client, numbers[from], numbers[to], amount);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    done.Add((JsonDocument.Parse(body).RootElement.GetProperty("transaction_id").GetString()!, from, to, paise));
                }
                else
                {
                    Assert.True((int)response.StatusCode == 422 && body.Contains("insufficient_funds", StringComparison.Ordinal), $"{(int)response.StatusCode}: {body}\n{Tail(host.ReadLog("app"))}");
                    Interlocked.Increment(ref refusedCount);
                }
            }
        })));
        await stop.CancelAsync();
        await reader;

        Assert.Equal(Transfers, done.Count + refusedCount);
        Assert.True(snapshots > 0);
        Assert.Equal(done.Count, done.Select(d => d.Id).Distinct().Count());
        // Each account ends where the accepted transfers (counted by the client) say: each credited once, debited once.
        var expected = new long[Accounts];
        Array.Fill(expected, 50_000L);
        foreach (var (_, from, to, paise) in done)
        {
            expected[from] -= paise;
            expected[to] += paise;
        }
        for (var i = 0; i < Accounts; i++)
        {
            Assert.Equal(expected[i], LedgerFlow.StoredPaise(host, numbers[i]));
        }
        var ids = string.Join(",", done.Take(200).Select(d => $"'{d.Id}'"));
        Assert.Equal("400", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id WHERE e.transaction_id IN ({ids})"));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }
}
