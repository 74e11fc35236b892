using System.Net;
using System.Text;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Ledger;

public sealed class IdempotencyTests
{
    [Theory, EngineData]
    public async Task SameKeyAndBody_ReplaysTheFirstAnswer_AndMovesMoneyOnce(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var from = await LedgerFlow.FundedAsync(user, "100.00");
        var to = await LedgerFlow.OpenAsync(user);
        var key = "pay-" + Guid.NewGuid();

        var first = await LedgerFlow.TransferAsync(user.Client, from, to, "30.00", key);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        // The same body, keys in another order and spaced differently: the same request.
        var json = $"{{ \"amount\" : \"30.00\", \"to_account_number\":\"{to}\",   \"from_account_number\": \"{from}\", \"transaction_type\": \"TRANSFER\" }}";
        var again = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transactions/") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        again.Headers.Add("Idempotency-Key", key);
        var replay = await user.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(7_000, LedgerFlow.StoredPaise(host, from));
        Assert.Equal(3_000, LedgerFlow.StoredPaise(host, to));

        // Another body under the same key.
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, from, to, "31.00", key), (HttpStatusCode)422, "idempotency_key_reused");
        // Keys belong to their caller: someone else's use of the same key is their own request.
        var other = await LedgerFlow.CustomerAsync(host);
        var theirs = await LedgerFlow.FundedAsync(other, "10.00");
        var mine = await LedgerFlow.OpenAsync(other);
        Assert.Equal(HttpStatusCode.Created, (await LedgerFlow.TransferAsync(other.Client, theirs, mine, "1.00", key)).StatusCode);
        // Without a key each request is its own transaction.
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(user.Client, from, to, "30.00"), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(user.Client, from, to, "30.00"), HttpStatusCode.Created);
        Assert.Equal(1_000, LedgerFlow.StoredPaise(host, from));

        foreach (var bad in new[] { new string('k', 256), "tab\there" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transactions/") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", bad);
            await LedgerFlow.ProblemAsync(await user.Client.SendAsync(request), HttpStatusCode.BadRequest);
        }
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task ARefusal_IsAnAnswerToo_ReplayedEvenAfterMoneyArrives(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var from = await LedgerFlow.FundedAsync(user, "10.00");
        var to = await LedgerFlow.OpenAsync(user);
        var key = Guid.NewGuid().ToString();
        var refused = await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, from, to, "50.00", key), (HttpStatusCode)422, "insufficient_funds");

        await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "DEPOSIT", to_account_number = from, amount = "100.00" }), HttpStatusCode.Created);
        var replay = await LedgerFlow.TransferAsync(user.Client, from, to, "50.00", key);
        var again = await LedgerFlow.ProblemAsync(replay, (HttpStatusCode)422, "insufficient_funds");
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(refused.GetProperty("correlation_id").GetString(), again.GetProperty("correlation_id").GetString());
        Assert.Equal(11_000, LedgerFlow.StoredPaise(host, from));
        Assert.Equal(0, LedgerFlow.StoredPaise(host, to));
    }

    [Theory, EngineData]
    public async Task TwoConcurrentRequestsWithOneKey_MoveMoneyOnce(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var from = await LedgerFlow.FundedAsync(user, "100.00");
        var to = await LedgerFlow.OpenAsync(user);
        for (var round = 0; round < 5; round++)
        {
            var key = Guid.NewGuid().ToString();
            var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => LedgerFlow.TransferAsync(user.Client, from, to, "1.00", key)));
            var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
            Assert.NotEmpty(created);
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"got {(int)a.StatusCode}"));
            foreach (var conflict in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
            {
                await LedgerFlow.ProblemAsync(conflict, HttpStatusCode.Conflict, "idempotency_in_progress");
            }
            var ids = await Task.WhenAll(created.Select(async c => (await KycFlow.OkJsonAsync(c, HttpStatusCode.Created)).GetProperty("transaction_id").GetString()));
            Assert.Single(ids.Distinct());
        }
        Assert.Equal(9_500, LedgerFlow.StoredPaise(host, from));
        Assert.Equal(500, LedgerFlow.StoredPaise(host, to));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task ExpiredKeys_AreRemovedByTheCleanupJob_AndThenStartAfresh(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var from = await LedgerFlow.FundedAsync(user, "10.00");
        var to = await LedgerFlow.OpenAsync(user);
        var key = Guid.NewGuid().ToString();
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(user.Client, from, to, "1.00", key), HttpStatusCode.Created);

        var cleanup = host.Services.GetServices<CredbuzzPay.Api.Platform.Jobs.ICleanupTask>().Single(t => t.Name == "ledger idempotency keys");
        await cleanup.CleanAsync(DateTime.UtcNow, CancellationToken.None);
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM ledger_idempotency WHERE owner = '{user.UserCode}'"));
        // A day later (only this record is moved back: other tests' keys on this host stay live).
        var past = engine == TestEngines.Sqlite ? "'2000-01-01 00:00:00.000'" : "'2000-01-01 00:00:00'";
        host.Database.Execute($"UPDATE ledger_idempotency SET expires_at = {past} WHERE owner = '{user.UserCode}' AND idempotency_key = '{key}'");
        Assert.True(await cleanup.CleanAsync(DateTime.UtcNow, CancellationToken.None) >= 1);
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM ledger_idempotency WHERE owner = '{user.UserCode}'"));

        // The key is free again: the same request is a new transfer.
        var again = await LedgerFlow.TransferAsync(user.Client, from, to, "1.00", key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(800, LedgerFlow.StoredPaise(host, from));
    }
}
