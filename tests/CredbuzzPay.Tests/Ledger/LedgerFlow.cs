using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Ledger;

/// <summary>Customers with accounts and money, over HTTP, for the ledger tests.</summary>
public static class LedgerFlow
{
    public const string CallbackSecret = "test-callback-secret-0123456789abcdefghij";

    /// <summary>
    /// The shared ledger host of an engine: no transfer fee (so sums are plain), savings accounts without
    /// practical limits (the workload tests move a lot; current accounts keep seed 001's), sandbox callbacks on.
    /// </summary>
    public static ApiHost Host(string engine) => ApiHost.For(engine, "ledger", new Dictionary<string, string?>
    {
        ["Ledger:Fees:TRANSFER:Flat"] = "0.00",
        ["Ledger:Products:SAVINGS:SingleTransactionLimit"] = "10000000.00",
        ["Ledger:Products:SAVINGS:DailyTransactionLimit"] = "10000000.00",
        ["Ledger:Sandbox:CallbackSecret"] = CallbackSecret,
    });

    /// <summary>A signed-in customer whose KYC is marked verified in the database (the gate's own test goes through the real flow).</summary>
    public static async Task<KycFlow> CustomerAsync(ApiHost host, string branch = "BLR01")
    {
        var user = await KycFlow.StartAsync(host, branch: branch);
        host.Database.Execute($"UPDATE users SET kyc_status = 'verified' WHERE user_code = '{user.UserCode}'");
        return user;
    }

    /// <summary>A customer verified through every KYC section and a reviewer's approval, bank account included.</summary>
    public static async Task<KycFlow> VerifiedThroughKycAsync(ApiHost host, KycFlow reviewer, string branch = "BLR01", RegistrationFlow? registration = null)
    {
        var user = await KycFlow.StartAsync(registration ?? new RegistrationFlow(host), branch: branch);
        var sms = user.MessagesTo(user.Registration.Mobile);
        await KycFlow.OkJsonAsync(await user.SubmitAadhaarAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.Client.PostJsonAsync("/api/v1/kyc/aadhaar/verify_otp", new { otp = await user.CodeSentToAsync(user.Registration.Mobile, sms + 1) }));
        await KycFlow.OkJsonAsync(await user.SubmitPanAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.SubmitBusinessAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.Client.PostJsonAsync("/api/v1/kyc/business/verify_contact", new { channel = "phone", otp = await user.CodeSentToAsync("+91" + user.BusinessPhone) }));
        await KycFlow.OkJsonAsync(await user.Client.PostJsonAsync("/api/v1/kyc/business/verify_contact", new { channel = "email", otp = await user.CodeSentToAsync(user.BusinessEmail) }));
        await KycFlow.OkJsonAsync(await user.SubmitBankAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.Client.PostAsync("/api/v1/kyc/bank/verify_penny_drop", null));
        foreach (var section in new[] { "aadhaar", "pan", "business", "bank" })
        {
            await KycFlow.OkJsonAsync(await reviewer.Client.PostJsonAsync($"/api/v1/admin/kyc/{user.UserCode}/{section}/approve", new { reason = "documents match" }));
        }
        return user;
    }

    public static async Task<string> OpenAsync(KycFlow user, string type = "SAVINGS")
    {
        var account = await KycFlow.OkJsonAsync(await user.Client.PostJsonAsync("/api/v1/accounts/", new { account_type = type }), HttpStatusCode.Created);
        return account.GetProperty("account_number").GetString()!;
    }

    /// <summary>An account holding <paramref name="amount"/> (a sandbox deposit, confirmed at once).</summary>
    public static async Task<string> FundedAsync(KycFlow user, string amount, string type = "SAVINGS")
    {
        var number = await OpenAsync(user, type);
        if (amount != "0.00")
        {
            var deposit = await KycFlow.OkJsonAsync(await PostAsync(user.Client, new { transaction_type = "DEPOSIT", to_account_number = number, amount }), HttpStatusCode.Created);
            Assert.Equal("COMPLETED", deposit.GetProperty("status").GetString());
        }
        return number;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transactions/") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> TransferAsync(HttpClient client, string from, string to, string amount, string? key = null) =>
        PostAsync(client, new { transaction_type = "TRANSFER", from_account_number = from, to_account_number = to, amount }, key);

    public static async Task<JsonElement> AccountAsync(KycFlow user, string number) =>
        await KycFlow.OkJsonAsync(await user.Client.GetAsync($"/api/v1/accounts/{number}/"));

    public static async Task<string> BalanceAsync(KycFlow user, string number) => (await AccountAsync(user, number)).GetProperty("balance").GetString()!;

    /// <summary>The stored balance in paise, read from the database (not through the service).</summary>
    public static long StoredPaise(ApiHost host, string number) =>
        Convert.ToInt64(host.Database.Scalar($"SELECT balance_paise FROM ledger_accounts WHERE account_number = '{number}'"), CultureInfo.InvariantCulture);

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }
        return problem;
    }

    /// <summary>Runs verify-ledger in the host's container, as the command line would.</summary>
    public static Task<int> VerifyLedgerAsync(ApiHost host) =>
        host.Services.GetServices<ICliCommand>().Single(c => c.Name == "verify-ledger").RunAsync(new ConfigurationBuilder().Build(), CancellationToken.None);

    /// <summary>A well-formed account number no account has (random digits, correct Luhn digit, computed here).</summary>
    public static string UnusedNumber(string prefix = "SAV")
    {
        var body = KycFlow.RandomDigits(8);
        return prefix + body + Luhn(body);
    }

    /// <summary>The Luhn check digit, written out independently of the service's code.</summary>
    public static char Luhn(string digits)
    {
        var total = 0;
        var doubled = true;
        foreach (var c in digits.Reverse())
        {
            var d = (c - '0') * (doubled ? 2 : 1);
            total += d / 10 + d % 10;
            doubled = !doubled;
        }
        return (char)('0' + (10 - total % 10) % 10);
    }
}
