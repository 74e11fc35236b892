using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Wallets;

namespace CredbuzzPay.Tests.Recharge;

/// <summary>Purchases through the aggregator sandbox, each outcome, on every engine: the split to the paisa, refunds, pending, callbacks and reversals.</summary>
public sealed class PurchaseTests
{
    private const string Aggregator = "SYS000000083";
    private const string Commission = "SYS000000091";
    private const string Tds = "SYS000000109";

    [Theory, EngineData]
    public async Task RetailerSale_PostsTheHoldSplitToThePaisa_TheRetailerAndDistributorEarnTheirMarginsLessTds_AndThePlatformTheRest(string engine)
    {
        var (host, admin, distributor, retailer) = await NetworkAsync(engine);
        // Jio's commission is 3.50 % (the default); the distributor's margin 2.00 %, the retailer's 1.25 %; TDS 2.00 %.
        await SetMarginAsync(admin, distributor, null, "2.00");
        await SetMarginAsync(distributor, retailer, "JIO", "1.25");
        var plan = await RechargeFlow.PlanAsync(admin, "JIO", "199.00");
        await WalletFlow.FundAsync(admin, retailer, "1000.00");
        var number = RechargeFlow.Number("55");

        var sale = await RechargeFlow.BoughtAsync(retailer, plan, number);
        Assert.Equal("SUCCESS", sale.GetProperty("status").GetString());
        Assert.Equal(number, sale.GetProperty("mobile_number").GetString());
        Assert.Equal("199.00", sale.GetProperty("amount").GetString());
        Assert.StartsWith("OP", sale.GetProperty("operator_ref").GetString(), StringComparison.Ordinal);
        Assert.Equal("2.44", sale.GetProperty("commission").GetString());
        var id = sale.GetProperty("id").GetString()!;

        // Worked by hand: C = ⌊199.00 × 3.50 %⌋ = 6.96; aggregator 192.04. Retailer ⌊199 × 1.25 %⌋ = 2.48, TDS ⌊2.48 × 2 %⌋ = 0.04, net 2.44.
        // Distributor ⌊199 × 0.75 %⌋ = 1.49, TDS 0.02, net 1.47. TDS payable 0.06. Platform 6.96 − 2.48 − 1.49 = 2.99.
        var transaction = KycFlowTests.Scalar(host, $"SELECT e.transaction_id FROM ledger_entries e JOIN recharge_purchases r ON r.entry_id = e.id WHERE r.purchase_id = '{id}'")!;
        var retailerWallet = KycFlowTests.Scalar(host, $"SELECT account_number FROM wallets WHERE user_code = '{retailer.UserCode}'")!;
        var distributorWallet = KycFlowTests.Scalar(host, $"SELECT account_number FROM wallets WHERE user_code = '{distributor.UserCode}'")!;
        var postings = WalletFlow.Postings(host, transaction).ToDictionary(p => p.Account, p => p.Paise);
        Assert.Equal(new Dictionary<string, long>
        {
            [retailerWallet] = -19_900 + 244, [distributorWallet] = 147, [Aggregator] = 19_204, [Tds] = 6, [Commission] = 299,
        }, postings);
        Assert.Equal(0, postings.Values.Sum());
        Assert.Equal(100_000 - 19_900 + 244, WalletFlow.StoredPaise(host, retailer.UserCode));
        Assert.Equal(147, WalletFlow.StoredPaise(host, distributor.UserCode));
        Assert.Equal(0, RechargeFlow.Held(host, retailer.UserCode));

        // The distributor sees the sale in its network's history, the number masked, with what it earned.
        var network = await KycFlow.OkJsonAsync(await distributor.Client.GetAsync("/api/v1/purchases/history/"));
        var line = Assert.Single(network.GetProperty("results").EnumerateArray());
        Assert.Equal("XXXXXX" + number[^4..], line.GetProperty("mobile_number").GetString());
        Assert.Equal("1.47", line.GetProperty("commission").GetString());
        var commissions = await KycFlow.OkJsonAsync(await retailer.Client.GetAsync("/api/v1/purchases/commissions/"));
        Assert.Equal(("2.48", "0.04", "2.44"), (commissions.GetProperty("gross").GetString(), commissions.GetProperty("tds").GetString(), commissions.GetProperty("commission").GetString()));
        var day = Assert.Single(commissions.GetProperty("days").EnumerateArray());
        Assert.Equal("JIO", day.GetProperty("operator_code").GetString());
        Assert.Equal(1, day.GetProperty("purchases").GetInt32());
        var theirs = await KycFlow.OkJsonAsync(await distributor.Client.GetAsync("/api/v1/purchases/commissions/"));
        Assert.Equal(("1.49", "0.02", "1.47"), (theirs.GetProperty("gross").GetString(), theirs.GetProperty("tds").GetString(), theirs.GetProperty("commission").GetString()));

        // Staff in reach read it masked; a stranger gets a 404.
        var staffView = await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/purchases/{id}/"));
        Assert.Equal("XXXXXX" + number[^4..], staffView.GetProperty("mobile_number").GetString());
        var stranger = await LedgerFlow.CustomerAsync(host, WalletFlow.Branch());
        await WalletFlow.ProblemAsync(await stranger.Client.GetAsync($"/api/v1/purchases/{id}/"), HttpStatusCode.NotFound);
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task ClientForThemselves_EarnsNothing_ThePlatformKeepsTheCommission_AndAFailureIsRefunded(string engine)
    {
        var host = RechargeFlow.Host(engine);
        var branch = WalletFlow.Branch();
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var client = await LedgerFlow.CustomerAsync(host, branch);
        var plan = await RechargeFlow.PlanAsync(admin, "AIRTEL", "299.00");
        await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(client.Client, "add-money/", new { amount = "800.00" }), HttpStatusCode.Created);

        var bought = await RechargeFlow.BoughtAsync(client, plan, RechargeFlow.Number("77"));
        Assert.Equal("0.00", bought.GetProperty("commission").GetString());
        var transaction = KycFlowTests.Scalar(host, $"SELECT e.transaction_id FROM ledger_entries e JOIN recharge_purchases r ON r.entry_id = e.id WHERE r.purchase_id = '{bought.GetProperty("id").GetString()}'")!;
        var wallet = KycFlowTests.Scalar(host, $"SELECT account_number FROM wallets WHERE user_code = '{client.UserCode}'")!;
        // Airtel 3.00 %: ⌊299.00 × 3 %⌋ = 8.97 to the platform, 290.03 to the aggregator.
        Assert.Equal(new Dictionary<string, long> { [wallet] = -29_900, [Aggregator] = 29_003, [Commission] = 897 },
            WalletFlow.Postings(host, transaction).ToDictionary(p => p.Account, p => p.Paise));

        var failed = await RechargeFlow.BoughtAsync(client, plan, RechargeFlow.Number("01"));
        Assert.Equal("FAILED", failed.GetProperty("status").GetString());
        Assert.NotNull(failed.GetProperty("failure_reason").GetString());
        Assert.Equal(50_100, WalletFlow.StoredPaise(host, client.UserCode));
        Assert.Equal(0, RechargeFlow.Held(host, client.UserCode));
        Assert.Equal(0, RechargeFlow.Settlements(host, failed.GetProperty("id").GetString()!));

        // Refusals: more than the wallet holds, a DTH number for a mobile plan, a bad number, an unknown plan, staff buying, no KYC.
        var dear = await RechargeFlow.PlanAsync(admin, "AIRTEL", "501.01");
        await WalletFlow.ProblemAsync(await RechargeFlow.BuyAsync(client, dear, RechargeFlow.Number("55")), HttpStatusCode.UnprocessableEntity, "insufficient_funds");
        await WalletFlow.ProblemAsync(await RechargeFlow.BuyAsync(client, plan, "12345678", dth: true), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await RechargeFlow.BuyAsync(client, plan, "5123456789"), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await RechargeFlow.BuyAsync(client, Guid.NewGuid().ToString(), RechargeFlow.Number("55")), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await RechargeFlow.BuyAsync(admin, plan, RechargeFlow.Number("55")), HttpStatusCode.Forbidden);
        var unverified = await KycFlow.StartAsync(host, branch: branch);
        await WalletFlow.ProblemAsync(await RechargeFlow.BuyAsync(unverified, plan, RechargeFlow.Number("55")), HttpStatusCode.Forbidden);
        Assert.Equal(50_100, WalletFlow.StoredPaise(host, client.UserCode));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task Pending_KeepsItsHold_RefusesTheSameRechargeAgain_AndTheReconciliationSettlesItWithBackoff(string engine)
    {
        var host = RechargeFlow.Host(engine);
        var (admin, client, plan) = await ClientAsync(host, "100.00", "1000.00");
        var slow = RechargeFlow.Number("02");
        var pending = await RechargeFlow.BoughtAsync(client, plan, slow);
        var id = pending.GetProperty("id").GetString()!;
        Assert.Equal("PENDING", pending.GetProperty("status").GetString());
        Assert.Equal(10_000, RechargeFlow.Held(host, client.UserCode));
        Assert.Equal("900.00", (await WalletFlow.WalletAsync(client)).GetProperty("available_balance").GetString());
        await WalletFlow.ProblemAsync(await RechargeFlow.BuyAsync(client, plan, slow), HttpStatusCode.Conflict, "purchase_pending");

        // Not due yet: nothing is asked. Then the first check answers pending (the next waits twice as long), the second succeeds.
        await RechargeFlow.ReconcileAsync(host, DateTime.UtcNow);
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT checks FROM recharge_purchases WHERE purchase_id = '{id}'"));
        await RechargeFlow.ReconcileAsync(host, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal("PENDING", RechargeFlow.Status(host, id));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT checks FROM recharge_purchases WHERE purchase_id = '{id}'"));
        await RechargeFlow.ReconcileAsync(host, DateTime.UtcNow.AddMinutes(1).AddSeconds(30));
        Assert.Equal("PENDING", RechargeFlow.Status(host, id));
        await RechargeFlow.ReconcileAsync(host, DateTime.UtcNow.AddMinutes(3));
        Assert.Equal("SUCCESS", RechargeFlow.Status(host, id));
        Assert.Equal(90_000, WalletFlow.StoredPaise(host, client.UserCode));
        Assert.Equal(0, RechargeFlow.Held(host, client.UserCode));

        // Once final, the same number may be recharged again; a slow failure (09) is refunded by the reconciliation.
        var again = await RechargeFlow.BoughtAsync(client, plan, RechargeFlow.Number("09"));
        await RechargeFlow.ReconcileAsync(host, DateTime.UtcNow.AddMinutes(1));
        await RechargeFlow.ReconcileAsync(host, DateTime.UtcNow.AddMinutes(3));
        Assert.Equal("FAILED", RechargeFlow.Status(host, again.GetProperty("id").GetString()!));
        Assert.Equal(90_000, WalletFlow.StoredPaise(host, client.UserCode));
        Assert.Equal(0, RechargeFlow.Held(host, client.UserCode));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task Callbacks_AreSigned_AppliedOnce_EvenTwiceOrBeforeTheReply(string engine)
    {
        var host = RechargeFlow.Host(engine);
        var (_, client, plan) = await ClientAsync(host, "50.00", "1000.00");
        var waiting = await RechargeFlow.BoughtAsync(client, plan, RechargeFlow.Number("03"));
        var id = waiting.GetProperty("id").GetString()!;
        var body = RechargeFlow.Body(id, "SUCCESS", "OPREF12345");

        await WalletFlow.ProblemAsync(await RechargeFlow.CallbackAsync(host, body, signature: null), HttpStatusCode.Unauthorized);
        await WalletFlow.ProblemAsync(await RechargeFlow.CallbackAsync(host, body, signature: new string('0', 64)), HttpStatusCode.Unauthorized);
        await WalletFlow.ProblemAsync(await RechargeFlow.CallbackAsync(host, body, signature: "not-hex"), HttpStatusCode.Unauthorized);
        await WalletFlow.ProblemAsync(await RechargeFlow.CallbackAsync(host, body, aggregator: "other"), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await RechargeFlow.CallbackAsync(host, RechargeFlow.Body("PUR000000000000", "SUCCESS", "X")), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await RechargeFlow.CallbackAsync(host, RechargeFlow.Body(id, "DONE", "X")), HttpStatusCode.BadRequest);
        Assert.Equal("PENDING", RechargeFlow.Status(host, id));
        Assert.Equal(5_000, RechargeFlow.Held(host, client.UserCode));

        var first = await KycFlow.OkJsonAsync(await RechargeFlow.CallbackAsync(host, body));
        Assert.True(first.GetProperty("applied").GetBoolean());
        Assert.Equal("SUCCESS", first.GetProperty("status").GetString());
        var repeat = await KycFlow.OkJsonAsync(await RechargeFlow.CallbackAsync(host, body));
        Assert.False(repeat.GetProperty("applied").GetBoolean());
        var late = await KycFlow.OkJsonAsync(await RechargeFlow.CallbackAsync(host, RechargeFlow.Body(id, "FAILED")));
        Assert.False(late.GetProperty("applied").GetBoolean());
        Assert.Equal("OPREF12345", (await KycFlow.OkJsonAsync(await client.Client.GetAsync($"/api/v1/purchases/{id}/"))).GetProperty("operator_ref").GetString());
        Assert.Equal(95_000, WalletFlow.StoredPaise(host, client.UserCode));
        Assert.Equal(1, RechargeFlow.Settlements(host, id));

        // The sandbox's own callbacks: twice with the reply (04), and before a pending reply (07): each moves the money once.
        var twice = await RechargeFlow.BoughtAsync(client, plan, RechargeFlow.Number("04"));
        Assert.Equal("SUCCESS", twice.GetProperty("status").GetString());
        var early = await RechargeFlow.BoughtAsync(client, plan, RechargeFlow.Number("07"));
        Assert.Equal("SUCCESS", early.GetProperty("status").GetString());
        Assert.Equal(1, RechargeFlow.Settlements(host, twice.GetProperty("id").GetString()!));
        Assert.Equal(1, RechargeFlow.Settlements(host, early.GetProperty("id").GetString()!));
        Assert.Equal(85_000, WalletFlow.StoredPaise(host, client.UserCode));
        Assert.Equal("3", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'recharge.succeeded' AND target_id IN ('{id}', '{twice.GetProperty("id").GetString()}', '{early.GetProperty("id").GetString()}')"));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task NoAnswer_ATimeoutOrA5xxStaysPending_UntilTheStatusApiSays_WhatHappened(string engine)
    {
        var host = RechargeFlow.Host(engine);
        var (_, client, plan) = await ClientAsync(host, "20.00", "100.00");
        var timedOut = await RechargeFlow.BoughtAsync(client, plan, RechargeFlow.Number("05"));
        var unavailable = await RechargeFlow.BoughtAsync(client, plan, RechargeFlow.Number("06"));
        Assert.Equal("PENDING", timedOut.GetProperty("status").GetString());
        Assert.Equal("PENDING", unavailable.GetProperty("status").GetString());
        Assert.Equal(4_000, RechargeFlow.Held(host, client.UserCode));

        await RechargeFlow.ReconcileAsync(host, DateTime.UtcNow.AddMinutes(1));
        // The timeout did recharge (the aggregator says so); the 503 did not (refunded).
        Assert.Equal("SUCCESS", RechargeFlow.Status(host, timedOut.GetProperty("id").GetString()!));
        Assert.Equal("FAILED", RechargeFlow.Status(host, unavailable.GetProperty("id").GetString()!));
        Assert.Equal(8_000, WalletFlow.StoredPaise(host, client.UserCode));
        Assert.Equal(0, RechargeFlow.Held(host, client.UserCode));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task OperatorReversal_RefundsThePayerAndClawsTheCommissionsBack_InOneEntry_NeverBelowAWalletsFloor(string engine)
    {
        var (host, admin, distributor, retailer) = await NetworkAsync(engine);
        await SetMarginAsync(admin, distributor, null, "3.00");
        await SetMarginAsync(distributor, retailer, null, "1.00");
        var plan = await RechargeFlow.PlanAsync(admin, "BSNL", "500.00");
        await WalletFlow.FundAsync(admin, retailer, "500.00");
        var sale = await RechargeFlow.BoughtAsync(retailer, plan, RechargeFlow.Number("08"));
        var id = sale.GetProperty("id").GetString()!;
        Assert.Equal("SUCCESS", sale.GetProperty("status").GetString());
        // BSNL 4.00 %: C = 20.00. Retailer ⌊500 × 1 %⌋ = 5.00, TDS 0.10, net 4.90; distributor ⌊500 × 2 %⌋ = 10.00, TDS 0.20, net 9.80.
        Assert.Equal(490, WalletFlow.StoredPaise(host, retailer.UserCode));
        Assert.Equal(980, WalletFlow.StoredPaise(host, distributor.UserCode));
        // The distributor passes most of its commission on before the reversal comes: the clawback takes what is left, suspense the rest.
        var retailer2 = await WalletFlow.MemberAsync(host, admin, KycFlowTests.Scalar(host, $"SELECT branch_code FROM users WHERE user_code = '{retailer.UserCode}'")!, "retailer", distributor);
        await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(distributor.Client, "transfer/", new { to_user_code = retailer2.UserCode, amount = "9.00" }), HttpStatusCode.Created);

        var reversed = await KycFlow.OkJsonAsync(await RechargeFlow.CallbackAsync(host, RechargeFlow.Body(id, "REVERSED", sale.GetProperty("operator_ref").GetString())));
        Assert.True(reversed.GetProperty("applied").GetBoolean());
        Assert.Equal("REVERSED", reversed.GetProperty("status").GetString());
        Assert.Equal(50_000, WalletFlow.StoredPaise(host, retailer.UserCode));
        Assert.Equal(0, WalletFlow.StoredPaise(host, distributor.UserCode));
        var reversal = KycFlowTests.Scalar(host, $"SELECT r.transaction_id FROM ledger_entries r JOIN ledger_entries e ON r.reversal_of = e.id JOIN recharge_purchases p ON p.entry_id = e.id WHERE p.purchase_id = '{id}'")!;
        var legs = WalletFlow.Postings(host, reversal).ToDictionary(p => p.Account, p => p.Paise);
        Assert.Equal(-900, legs["SYS000000059"]);
        Assert.Equal(0, legs.Values.Sum());
        var again = await KycFlow.OkJsonAsync(await RechargeFlow.CallbackAsync(host, RechargeFlow.Body(id, "REVERSED")));
        Assert.False(again.GetProperty("applied").GetBoolean());
        Assert.Equal(50_000, WalletFlow.StoredPaise(host, retailer.UserCode));
        Assert.Equal("0.00", (await KycFlow.OkJsonAsync(await retailer.Client.GetAsync("/api/v1/purchases/commissions/"))).GetProperty("commission").GetString());
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task ThirtyConcurrentPurchases_AgainstAWalletThatPaysForTen_HoldExactlyTen(string engine)
    {
        var host = RechargeFlow.Host(engine);
        var (_, client, plan) = await ClientAsync(host, "10.00", "100.00");
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => RechargeFlow.BuyAsync(client, plan, RechargeFlow.Number("03"))));
        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await WalletFlow.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "insufficient_funds");
        }
        Assert.Equal(10_000, RechargeFlow.Held(host, client.UserCode));
        Assert.Equal("10", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM recharge_purchases WHERE payer_code = '{client.UserCode}' AND status = 'PENDING'"));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task RacingAnswers_CallbacksPollsAndDuplicatesInRandomOrder_MoveMoneyOnceAndAgreeWithTheFinalStatus(string engine)
    {
        var host = RechargeFlow.Host(engine);
        const int Rounds = 12;
        var (_, client, plan) = await ClientAsync(host, "10.00", "120.00");
        var funded = 12_000L;
        for (var round = 0; round < Rounds; round++)
        {
            // 02 succeeds at its second status check; the callbacks disagree on purpose: whichever lands first decides.
            var purchase = await RechargeFlow.BoughtAsync(client, plan, RechargeFlow.Number("02"));
            var id = purchase.GetProperty("id").GetString()!;
            var actions = new List<Func<Task>>
            {
                () => RechargeFlow.CallbackAsync(host, RechargeFlow.Body(id, "SUCCESS", "OPR" + round)),
                () => RechargeFlow.CallbackAsync(host, RechargeFlow.Body(id, "SUCCESS", "OPR" + round)),
                () => RechargeFlow.CallbackAsync(host, RechargeFlow.Body(id, "FAILED")),
                () => RechargeFlow.ReconcileAsync(host, DateTime.UtcNow.AddMinutes(1)),
                () => RechargeFlow.ReconcileAsync(host, DateTime.UtcNow.AddMinutes(5)),
            };
            await Task.WhenAll(actions.OrderBy(_ => System.Security.Cryptography.RandomNumberGenerator.GetInt32(1000)).Select(a => Task.Run(a)));
            var status = RechargeFlow.Status(host, id);
            Assert.Contains(status, new[] { "SUCCESS", "FAILED" });
            funded -= status == "SUCCESS" ? 1_000 : 0;
            Assert.Equal(status == "SUCCESS" ? 1 : 0, RechargeFlow.Settlements(host, id));
            Assert.Equal(funded, WalletFlow.StoredPaise(host, client.UserCode));
            Assert.Equal(0, RechargeFlow.Held(host, client.UserCode));
            if (status == "SUCCESS" && round % 2 == 0)
            {
                // The operator's reversal, reported three times at once: one refund.
                await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => RechargeFlow.CallbackAsync(host, RechargeFlow.Body(id, "REVERSED")))));
                Assert.Equal("REVERSED", RechargeFlow.Status(host, id));
                funded += 1_000;
                Assert.Equal(funded, WalletFlow.StoredPaise(host, client.UserCode));
                Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM ledger_entries r JOIN recharge_purchases p ON r.reversal_of = p.entry_id WHERE p.purchase_id = '{id}'"));
            }
        }
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    /// <summary>A branch with an admin, a distributor and its retailer (each moved into its tier through the admin's endpoint).</summary>
    internal static async Task<(ApiHost Host, KycFlow Admin, KycFlow Distributor, KycFlow Retailer)> NetworkAsync(string engine)
    {
        var host = RechargeFlow.Host(engine);
        var branch = WalletFlow.Branch();
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var distributor = await WalletFlow.MemberAsync(host, admin, branch, "distributor");
        var retailer = await WalletFlow.MemberAsync(host, admin, branch, "retailer", distributor);
        return (host, admin, distributor, retailer);
    }

    /// <summary>A client with a funded wallet and a plan at <paramref name="price"/> on Vi.</summary>
    internal static async Task<(KycFlow Admin, KycFlow Client, string Plan)> ClientAsync(ApiHost host, string price, string funds)
    {
        var branch = WalletFlow.Branch();
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var client = await LedgerFlow.CustomerAsync(host, branch);
        var plan = await RechargeFlow.PlanAsync(admin, "VI", price);
        await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(client.Client, "add-money/", new { amount = funds }), HttpStatusCode.Created);
        return (admin, client, plan);
    }

    private static async Task SetMarginAsync(KycFlow by, KycFlow user, string? operatorCode, string percent) =>
        await KycFlow.OkJsonAsync(await by.Client.PostAsJsonAsync("/api/v1/wallet/set-margin/", new { user_code = user.UserCode, operator_code = operatorCode, margin_percent = percent }));
}
