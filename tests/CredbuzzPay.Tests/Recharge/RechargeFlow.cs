using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Jobs;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Recharge;

/// <summary>Recharge purchases over HTTP: the shared recharge host, plans, funded payers, signed callbacks and the reconciliation run.</summary>
public static class RechargeFlow
{
    public const string CallbackSecret = "test-aggregator-secret-0123456789abcdefghij";
    private static readonly ConcurrentDictionary<ApiHost, Lazy<Task>> Catalogues = new();

    public static Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ledger:Fees:TRANSFER:Flat"] = "0.00",
            ["Ledger:Sandbox:CallbackSecret"] = LedgerFlow.CallbackSecret,
            ["Recharge:Sandbox:CallbackSecret"] = CallbackSecret,
            ["Recharge:Sandbox:PendingChecks"] = "1",
            ["Recharge:FirstCheckSeconds"] = "30",
            ["Recharge:StaffQueueMinutes"] = "30",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }
        return settings;
    }

    public static ApiHost Host(string engine) => ApiHost.For(engine, "recharge", Settings());

    /// <summary>The sample catalogue, loaded once per host through the populate-plans command.</summary>
    public static Task CatalogueAsync(ApiHost host) =>
        Catalogues.GetOrAdd(host, h => new Lazy<Task>(() => RunCommandAsync(h, "populate-plans"))).Value;

    public static async Task RunCommandAsync(ApiHost host, string name) =>
        Assert.Equal(0, await host.Services.GetServices<ICliCommand>().Single(c => c.Name == name).RunAsync(new ConfigurationBuilder().Build(), CancellationToken.None));

    /// <summary>A plan of the admin's making (exact price, for exact sums).</summary>
    public static async Task<string> PlanAsync(KycFlow admin, string operatorCode, string price, string type = "prepaid", string? circle = null)
    {
        var plan = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/plans/", new
        {
            operator_code = operatorCode, circle_code = circle, plan_type = type, price, validity_days = 28, data = "1 GB/day", description = $"Test plan {price}",
        }), HttpStatusCode.Created);
        return plan.GetProperty("id").GetString()!;
    }

    /// <summary>A mobile number ending in <paramref name="ending"/> (the sandbox's outcome), the rest random.</summary>
    public static string Number(string ending) => "9" + KycFlow.RandomDigits(7) + ending;

    public static Task<HttpResponseMessage> BuyAsync(KycFlow payer, string planId, string number, string? key = null, bool dth = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/purchases/purchase/")
        {
            Content = JsonContent.Create(dth ? new Dictionary<string, string> { ["plan_id"] = planId, ["subscriber_id"] = number }
                : new Dictionary<string, string> { ["plan_id"] = planId, ["mobile_number"] = number }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return payer.Client.SendAsync(request);
    }

    public static async Task<JsonElement> BoughtAsync(KycFlow payer, string planId, string number) =>
        await KycFlow.OkJsonAsync(await BuyAsync(payer, planId, number), HttpStatusCode.Created);

    /// <summary>A signed callback as the aggregator sends it (the signature computed here, independently of the service).</summary>
    public static Task<HttpResponseMessage> CallbackAsync(ApiHost host, string body, string? signature = "sign", string aggregator = "sandbox")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/purchases/callback/{aggregator}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("X-Aggregator-Signature", signature == "sign" ? Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(CallbackSecret), Encoding.UTF8.GetBytes(body))) : signature);
        }
        return host.CreateClient().SendAsync(request);
    }

    public static string Body(string purchaseId, string status, string? reference = null) =>
        JsonSerializer.Serialize(new Dictionary<string, string?> { ["purchase_id"] = purchaseId, ["status"] = status, ["operator_ref"] = reference });

    /// <summary>Runs the reconciliation as its job does, at <paramref name="at"/> (the instant decides which purchases are due).</summary>
    public static async Task ReconcileAsync(ApiHost host, DateTime at)
    {
        await using var scope = host.Services.CreateAsyncScope();
        foreach (var task in scope.ServiceProvider.GetServices<IReconciliationTask>())
        {
            await task.RunAsync(at, CancellationToken.None);
        }
    }

    public static string Status(ApiHost host, string purchaseId) => KycFlowTests.Scalar(host, $"SELECT status FROM recharge_purchases WHERE purchase_id = '{purchaseId}'")!;

    public static long Held(ApiHost host, string userCode) =>
        Convert.ToInt64(host.Database.Scalar($"SELECT a.held_paise FROM ledger_accounts a JOIN wallets w ON w.account_id = a.id WHERE w.user_code = '{userCode}'"),
            CultureInfo.InvariantCulture);

    /// <summary>How many times the purchase's entry moved money: postings of its entry (a settle) and of its reversal.</summary>
    public static int Settlements(ApiHost host, string purchaseId) => Convert.ToInt32(host.Database.Scalar(
        "SELECT COUNT(DISTINCT p.entry_id) FROM ledger_postings p JOIN recharge_purchases r ON r.entry_id = p.entry_id " +
        $"WHERE r.purchase_id = '{purchaseId}'"), CultureInfo.InvariantCulture);
}
