using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Wallets;

namespace CredbuzzPay.Tests.Recharge;

/// <summary>Seed 002's plans: the populate-plans catalogue (safe twice), the filters, and staff's changes.</summary>
public sealed class PlanTests
{
    [Theory, EngineData]
    public async Task Catalogue_LoadsOnceWhateverTheRuns_AndTheFiltersFindWhatACircleOffers(string engine)
    {
        var host = RechargeFlow.Host(engine);
        await RechargeFlow.CatalogueAsync(host);
        var count = KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM recharge_plans WHERE description NOT LIKE 'Test plan%'");
        await RechargeFlow.RunCommandAsync(host, "populate-plans");
        Assert.Equal(count, KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM recharge_plans WHERE description NOT LIKE 'Test plan%'"));
        Assert.Equal("22", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM recharge_circles"));
        var user = await KycFlow.StartAsync(host);

        var operators = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/plans/operators/"));
        Assert.Equal(new[] { "AIRTELDTH", "DISHTV", "SUNDIRECT", "TATAPLAY", "AIRTEL", "BSNL", "JIO", "VI" }.Order(),
            operators.EnumerateArray().Select(o => o.GetProperty("code").GetString()).Order());
        var circles = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/plans/circles/"));
        Assert.Equal(22, circles.GetArrayLength());

        // Karnataka shows BSNL's national plans and its Karnataka special, not Kerala's.
        var karnataka = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/plans/?operator=bsnl&circle=KA&plan_type=prepaid&page_size=100"));
        var rows = karnataka.GetProperty("results").EnumerateArray().ToList();
        Assert.Contains(rows, p => p.GetProperty("circle_code").GetString() == "KA" && p.GetProperty("price").GetString() == "107.00");
        Assert.DoesNotContain(rows, p => p.GetProperty("circle_code").GetString() == "KL");
        Assert.All(rows, p => Assert.Equal("BSNL", p.GetProperty("operator_code").GetString()));
        var prices = rows.Select(p => decimal.Parse(p.GetProperty("price").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(prices.Order(), prices);
        var cheap = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/plans/?operator=JIO&min_price=100&max_price=300&search=2%20gb"));
        Assert.All(cheap.GetProperty("results").EnumerateArray(), p =>
        {
            var price = decimal.Parse(p.GetProperty("price").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(price, 100m, 300m);
            Assert.Contains("2 gb", (p.GetProperty("description").GetString() + " " + p.GetProperty("data").GetString()).ToLowerInvariant(), StringComparison.Ordinal);
        });
        Assert.True(cheap.GetProperty("count").GetInt32() >= 1);
        await WalletFlow.ProblemAsync(await user.Client.GetAsync("/api/v1/plans/?operator=NOPE"), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await user.Client.GetAsync("/api/v1/plans/?circle=ZZ"), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await user.Client.GetAsync("/api/v1/plans/?min_price=1.234"), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await host.CreateClient().GetAsync("/api/v1/plans/"), HttpStatusCode.Unauthorized);
    }

    [Theory, EngineData]
    public async Task Admins_CreateChangeAndDeactivatePlans_OthersMayNot_AndBadPlansAreRefused(string engine)
    {
        var host = RechargeFlow.Host(engine);
        var admin = await KycFlow.StartAsync(host, "admin", WalletFlow.Branch());
        var user = await KycFlow.StartAsync(host);
        var id = await RechargeFlow.PlanAsync(admin, "TATAPLAY", "249.00", "dth");
        var changed = await KycFlow.OkJsonAsync(await admin.Client.PutAsJsonAsync($"/api/v1/plans/{id}/", new { price = "259.00", description = "Hindi HD pack" }));
        Assert.Equal(("259.00", "Hindi HD pack", "dth"), (changed.GetProperty("price").GetString(), changed.GetProperty("description").GetString(), changed.GetProperty("plan_type").GetString()));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'recharge.plan_updated' AND target_id = '{id}'"));

        await WalletFlow.ProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/plans/", new { operator_code = "JIO", plan_type = "prepaid", price = "10.00", description = "x" }),
            HttpStatusCode.Forbidden);
        var bad = await WalletFlow.ProblemAsync(await admin.Client.PostAsJsonAsync("/api/v1/plans/", new { operator_code = "JIO", plan_type = "dth", price = "0", validity_days = 0 }),
            HttpStatusCode.BadRequest);
        foreach (var field in new[] { "plan_type", "price", "validity_days", "description" })
        {
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        }
        await WalletFlow.ProblemAsync(await admin.Client.PutAsJsonAsync($"/api/v1/plans/{Guid.NewGuid()}/", new { price = "1.00" }), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await admin.Client.PutAsJsonAsync("/api/v1/plans/not-a-plan/", new { price = "1.00" }), HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/v1/plans/{id}/")).StatusCode);
        var listed = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/plans/?operator=TATAPLAY&page_size=100"));
        Assert.DoesNotContain(listed.GetProperty("results").EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        Assert.False((await KycFlow.OkJsonAsync(await user.Client.GetAsync($"/api/v1/plans/{id}/"))).GetProperty("active").GetBoolean());
    }
}
