using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;

namespace CredbuzzPay.Tests.Wallets;

/// <summary>Seed 002's margins: who sets whose, the retailer's ceiling at its distributor's, and versions kept.</summary>
public sealed class MarginTests
{
    [Theory, EngineData]
    public async Task Margins_AdminsSetTheNetworks_ADistributorItsOwnRetailersNeverAboveItsOwn_AndEveryChangeIsAVersion(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var branch = WalletFlow.Branch();
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var elsewhere = await KycFlow.StartAsync(host, "admin", WalletFlow.Branch());
        var distributor = await WalletFlow.MemberAsync(host, admin, branch, "distributor");
        var rival = await WalletFlow.MemberAsync(host, admin, branch, "distributor");
        var retailer = await WalletFlow.MemberAsync(host, admin, branch, "retailer", distributor);
        var theirs = await WalletFlow.MemberAsync(host, admin, branch, "retailer", rival);
        var customer = await KycFlow.StartAsync(host, branch: branch);

        Assert.Equal("3.00", (await SetAsync(admin, distributor.UserCode, null, "3")).GetProperty("margin_percent").GetString());
        Assert.Equal("JIO", (await SetAsync(admin, distributor.UserCode, "jio", 4.5)).GetProperty("operator_code").GetString());
        Assert.Equal("2.50", (await SetAsync(distributor, retailer.UserCode, null, "2.50")).GetProperty("margin_percent").GetString());
        var above = await WalletFlow.ProblemAsync(await Set(distributor, retailer.UserCode, null, "3.01"), HttpStatusCode.UnprocessableEntity, "margin_above_parent");
        Assert.Contains("3.00", above.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await WalletFlow.ProblemAsync(await Set(admin, retailer.UserCode, null, "3.50"), HttpStatusCode.UnprocessableEntity, "margin_above_parent");
        // Per operator, the ceiling is the distributor's margin on that operator (4.50 on Jio); Airtel falls back to the 3.00 for all.
        await SetAsync(distributor, retailer.UserCode, "JIO", "4.50");
        await WalletFlow.ProblemAsync(await Set(distributor, retailer.UserCode, "AIRTEL", "3.50"), HttpStatusCode.UnprocessableEntity, "margin_above_parent");

        // Who may not.
        await WalletFlow.ProblemAsync(await Set(distributor, theirs.UserCode, null, "1.00"), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await Set(distributor, distributor.UserCode, null, "9.00"), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await Set(retailer, retailer.UserCode, null, "1.00"), HttpStatusCode.Forbidden);
        await WalletFlow.ProblemAsync(await Set(customer, retailer.UserCode, null, "1.00"), HttpStatusCode.Forbidden);
        await WalletFlow.ProblemAsync(await Set(elsewhere, distributor.UserCode, null, "1.00"), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await Set(admin, customer.UserCode, null, "1.00"), HttpStatusCode.UnprocessableEntity);
        var bad = await WalletFlow.ProblemAsync(await Set(admin, distributor.UserCode, "NOPE", "10.01"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("operator_code", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("margin_percent", out _));
        await WalletFlow.ProblemAsync(await Set(admin, distributor.UserCode, null, "-1"), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await Set(admin, distributor.UserCode, null, "2.555"), HttpStatusCode.BadRequest);
        Assert.Equal("10.00", (await SetAsync(admin, rival.UserCode, null, "10")).GetProperty("margin_percent").GetString());

        // A change closes the version in force and adds one; lists show what is in force.
        await SetAsync(distributor, retailer.UserCode, null, "2.00");
        Assert.Equal("2", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM wallet_margins WHERE user_code = '{retailer.UserCode}' AND operator_code = '*'"));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM wallet_margins WHERE user_code = '{retailer.UserCode}' AND operator_code = '*' AND valid_to IS NULL AND margin_bp = 200"));
        Assert.Equal("3", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'wallet.margin_set' AND target_id = '{retailer.UserCode}' AND actor = '{distributor.UserCode}'"));
        var mine = await KycFlow.OkJsonAsync(await distributor.Client.GetAsync("/api/v1/wallet/margins/"));
        var rows = mine.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("user_code").GetString(), r.GetProperty("operator_code").GetString(),
            r.GetProperty("margin_percent").GetString())).ToHashSet();
        Assert.Equal(new HashSet<(string?, string?, string?)>
        {
            (distributor.UserCode, null, "3.00"), (distributor.UserCode, "JIO", "4.50"), (retailer.UserCode, null, "2.00"), (retailer.UserCode, "JIO", "4.50"),
        }, rows);
        var own = await KycFlow.OkJsonAsync(await retailer.Client.GetAsync("/api/v1/wallet/margins/"));
        Assert.Equal(2, own.GetProperty("count").GetInt32());
        var staff = await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/wallet/margins/?user_code={rival.UserCode}"));
        Assert.Equal("10.00", staff.GetProperty("results")[0].GetProperty("margin_percent").GetString());
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await elsewhere.Client.GetAsync($"/api/v1/wallet/margins/?user_code={rival.UserCode}"))).GetProperty("count").GetInt32());
    }

    private static Task<HttpResponseMessage> Set(KycFlow caller, string userCode, string? operatorCode, object percent) =>
        caller.Client.PostAsJsonAsync("/api/v1/wallet/set-margin/", new { user_code = userCode, operator_code = operatorCode, margin_percent = percent });

    private static async Task<JsonElement> SetAsync(KycFlow caller, string userCode, string? operatorCode, object percent) =>
        await KycFlow.OkJsonAsync(await Set(caller, userCode, operatorCode, percent));
}
