using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Wallets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Recharge;

/// <summary>Purchases the aggregator never settles: staff's queue after the configured age, and their one decision.</summary>
public sealed class StaffQueueTests
{
    [Theory, EngineData]
    public async Task APurchasePendingPastTheQueueAge_ReachesStaffInReach_WhoSettleItOnce(string engine)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ApiHost(engine, RechargeFlow.Settings(new() { ["Recharge:StaffQueueMinutes"] = "5" }), s => s.AddSingleton<TimeProvider>(clock));
        var (admin, client, plan) = await PurchaseTests.ClientAsync(host, "40.00", "100.00");
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var elsewhere = await KycFlow.StartAsync(host, "admin", WalletFlow.Branch());
        var stuck = (await RechargeFlow.BoughtAsync(client, plan, RechargeFlow.Number("03"))).GetProperty("id").GetString()!;
        clock.Advance(TimeSpan.FromSeconds(1));
        var other = (await RechargeFlow.BoughtAsync(client, plan, RechargeFlow.Number("03"))).GetProperty("id").GetString()!;

        // Too early: not queued, and a decision is refused (the aggregator may still answer).
        Assert.DoesNotContain((await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/admin/purchases/pending"))).GetProperty("results").EnumerateArray(),
            p => p.GetProperty("id").GetString() == stuck);
        await WalletFlow.ProblemAsync(await Resolve(admin, stuck, "FAILED", null), HttpStatusCode.Conflict, "purchase_not_queued");

        clock.Advance(TimeSpan.FromMinutes(6));
        var queue = await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/admin/purchases/pending"));
        var ids = queue.GetProperty("results").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal([stuck, other], ids.Where(i => i == stuck || i == other).ToList());
        Assert.Contains((await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/purchases/pending"))).GetProperty("results").EnumerateArray(),
            p => p.GetProperty("id").GetString() == stuck);
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await elsewhere.Client.GetAsync("/api/v1/admin/purchases/pending"))).GetProperty("count").GetInt32());
        await WalletFlow.ProblemAsync(await Resolve(elsewhere, stuck, "FAILED", null), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await Resolve(auditor, stuck, "FAILED", null), HttpStatusCode.Forbidden);
        await WalletFlow.ProblemAsync(await Resolve(admin, stuck, "SUCCESS", null), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await Resolve(admin, stuck, "MAYBE", "X"), HttpStatusCode.BadRequest);

        var failed = await KycFlow.OkJsonAsync(await Resolve(admin, stuck, "FAILED", null));
        Assert.Equal("FAILED", failed.GetProperty("status").GetString());
        var succeeded = await KycFlow.OkJsonAsync(await Resolve(admin, other, "SUCCESS", "AGGREF-991"));
        Assert.Equal("AGGREF-991", succeeded.GetProperty("operator_ref").GetString());
        await WalletFlow.ProblemAsync(await Resolve(admin, stuck, "SUCCESS", "AGGREF-992"), HttpStatusCode.Conflict, "purchase_not_pending");
        // A late callback changes nothing either.
        var late = await KycFlow.OkJsonAsync(await RechargeFlow.CallbackAsync(host, RechargeFlow.Body(stuck, "SUCCESS", "LATE")));
        Assert.False(late.GetProperty("applied").GetBoolean());
        Assert.Equal(6_000, WalletFlow.StoredPaise(host, client.UserCode));
        Assert.Equal(0, RechargeFlow.Held(host, client.UserCode));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'recharge.failed' AND target_id = '{stuck}' AND actor = '{admin.UserCode}'"));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    private static Task<HttpResponseMessage> Resolve(KycFlow staff, string id, string outcome, string? reference) =>
        staff.Client.PostAsJsonAsync($"/api/v1/admin/purchases/{id}/resolve", new { outcome, operator_ref = reference, reason = "checked on the aggregator's portal" });
}
