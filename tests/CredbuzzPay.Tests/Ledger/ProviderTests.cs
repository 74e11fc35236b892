using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Ledger;

/// <summary>Money in and out through the provider sandbox: holds, failures, pending answers and duplicate callbacks.</summary>
public sealed class ProviderTests
{
    [Theory, EngineData]
    public async Task PendingWithdrawals_HoldTheirAmount_SoTheSixthIsRefused_AndACallbackPostsOnce(string engine)
    {
        await using var host = new ApiHost(engine, new Dictionary<string, string?>
        {
            ["Ledger:Sandbox:PayoutsPending"] = "true",
            ["Ledger:Sandbox:CallbackSecret"] = LedgerFlow.CallbackSecret,
            ["Ledger:Products:SAVINGS:DailyTransactionLimit"] = "100000.00",
        });
        var reviewer = await KycFlow.StartAsync(host, role: "super_admin", branch: "HQ");
        var user = await LedgerFlow.VerifiedThroughKycAsync(host, reviewer);
        var account = await LedgerFlow.FundedAsync(user, "5000.00");

        var pending = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var withdrawal = await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "WITHDRAWAL", from_account_number = account, amount = "1000.00" }),
                HttpStatusCode.Created);
            Assert.Equal("PENDING", withdrawal.GetProperty("status").GetString());
            Assert.Equal("XXXXXXXXXX" + user.Account[^4..], withdrawal.GetProperty("payee").GetProperty("account_number").GetString());
            pending.Add(withdrawal.GetProperty("transaction_id").GetString()!);
        }
        await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "WITHDRAWAL", from_account_number = account, amount = "1000.00" }),
            (HttpStatusCode)422, "insufficient_funds");
        var state = await LedgerFlow.AccountAsync(user, account);
        Assert.Equal("5000.00", state.GetProperty("balance").GetString());
        Assert.Equal("0.00", state.GetProperty("available_balance").GetString());
        // Holds count against transfers too.
        var other = await LedgerFlow.OpenAsync(user);
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, account, other, "0.01"), (HttpStatusCode)422, "insufficient_funds");
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
        Assert.DoesNotContain(user.Account, host.ReadLog("ledger"), StringComparison.Ordinal);

        // The provider confirms the first (twice, as providers do), fails the second.
        var reference = KycFlowTests.Scalar(host, $"SELECT provider_reference FROM ledger_entries WHERE transaction_id = '{pending[0]}'")!;
        var first = await KycFlow.OkJsonAsync(await CallbackAsync(host, reference, "SUCCESS"));
        Assert.True(first.GetProperty("applied").GetBoolean());
        Assert.Equal("COMPLETED", first.GetProperty("status").GetString());
        var repeat = await KycFlow.OkJsonAsync(await CallbackAsync(host, reference, "SUCCESS"));
        Assert.False(repeat.GetProperty("applied").GetBoolean());
        var late = await KycFlow.OkJsonAsync(await CallbackAsync(host, reference, "FAILED"));
        Assert.False(late.GetProperty("applied").GetBoolean());
        Assert.Equal("COMPLETED", late.GetProperty("status").GetString());
        var secondRef = KycFlowTests.Scalar(host, $"SELECT provider_reference FROM ledger_entries WHERE transaction_id = '{pending[1]}'")!;
        Assert.Equal("FAILED", (await KycFlow.OkJsonAsync(await CallbackAsync(host, secondRef, "FAILED", "Account closed at the beneficiary bank"))).GetProperty("status").GetString());

        state = await LedgerFlow.AccountAsync(user, account);
        Assert.Equal("4000.00", state.GetProperty("balance").GetString());
        Assert.Equal("1000.00", state.GetProperty("available_balance").GetString());
        Assert.Equal(100_000, LedgerFlow.StoredPaise(host, "SYS000000026"));
        var failed = await KycFlow.OkJsonAsync(await user.Client.GetAsync($"/api/v1/transactions/{pending[1]}/"));
        Assert.Equal("FAILED", failed.GetProperty("status").GetString());
        Assert.Equal("Account closed at the beneficiary bank", failed.GetProperty("failure_reason").GetString());

        // A forged or unsigned callback changes nothing.
        var thirdRef = KycFlowTests.Scalar(host, $"SELECT provider_reference FROM ledger_entries WHERE transaction_id = '{pending[2]}'")!;
        var forged = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ledger/providers/sandbox/callback")
        {
            Content = new StringContent($"{{\"reference\":\"{thirdRef}\",\"status\":\"SUCCESS\"}}", Encoding.UTF8, "application/json"),
        };
        forged.Headers.Add("X-Sandbox-Signature", new string('0', 64));
        await LedgerFlow.ProblemAsync(await host.CreateClient().SendAsync(forged), HttpStatusCode.Unauthorized);
        Assert.Equal("PENDING", KycFlowTests.Scalar(host, $"SELECT status FROM ledger_entries WHERE transaction_id = '{pending[2]}'"));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task SandboxAmounts_Fail_OrStayPending_AndExternalPaymentsGoThroughThePayoutProvider(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var account = await LedgerFlow.FundedAsync(user, "1000.00");

        // Paise 91: the bank declines; the hold goes back, nothing is debited, and the day's limit is given back.
        var declined = await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(user.Client, new
        {
            transaction_type = "PAYMENT", from_account_number = account, amount = "100.91", payee_name = "Ravi Kumar", payee_account_number = "123456789012", payee_ifsc = "HDFC0001234",
        }), HttpStatusCode.Created);
        Assert.Equal("FAILED", declined.GetProperty("status").GetString());
        Assert.Equal("1000.00", declined.GetProperty("from_account").GetProperty("balance").GetString());
        Assert.Equal("XXXX-XXXX-9012", declined.GetProperty("payee").GetProperty("account_number").GetString());
        Assert.DoesNotContain("123456789012", declined.ToString(), StringComparison.Ordinal);
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT held_paise FROM ledger_accounts WHERE account_number = '{account}'"));
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id WHERE e.transaction_id = '{declined.GetProperty("transaction_id").GetString()}'"));

        // Any other amount is paid at once.
        var paid = await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(user.Client, new
        {
            transaction_type = "PAYMENT", from_account_number = account, amount = "250.00", payee_name = "Ravi Kumar", payee_account_number = "123456789012", payee_ifsc = "HDFC0001234",
        }), HttpStatusCode.Created);
        Assert.Equal("COMPLETED", paid.GetProperty("status").GetString());
        Assert.Equal("750.00", paid.GetProperty("from_account").GetProperty("balance").GetString());

        // Paise 92: pending until the callback; a deposit in the same state credits nothing yet.
        var waiting = await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "DEPOSIT", to_account_number = account, amount = "10.92" }), HttpStatusCode.Created);
        Assert.Equal("PENDING", waiting.GetProperty("status").GetString());
        Assert.Equal(75_000, LedgerFlow.StoredPaise(host, account));
        var reference = KycFlowTests.Scalar(host, $"SELECT provider_reference FROM ledger_entries WHERE transaction_id = '{waiting.GetProperty("transaction_id").GetString()}'")!;
        await KycFlow.OkJsonAsync(await CallbackAsync(host, reference, "SUCCESS"));
        await KycFlow.OkJsonAsync(await CallbackAsync(host, reference, "SUCCESS"));
        Assert.Equal(76_092, LedgerFlow.StoredPaise(host, account));

        var refused = await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(user.Client, new
        {
            transaction_type = "PAYMENT", from_account_number = account, amount = "1.00", payee_name = "R", payee_account_number = "12ab", payee_ifsc = "HDFC1234",
        }), HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("payee_account_number", out _));
        Assert.True(refused.GetProperty("errors").TryGetProperty("payee_ifsc", out _));
        // A withdrawal needs a KYC-verified bank account (this user's KYC was marked verified without one).
        await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "WITHDRAWAL", from_account_number = account, amount = "1.00" }),
            (HttpStatusCode)422, "bank_account_not_verified");
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task VerifyLedger_FindsAPostingEditedBehindItsBack(string engine)
    {
        await using var host = new ApiHost(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var from = await LedgerFlow.FundedAsync(user, "100.00");
        var to = await LedgerFlow.OpenAsync(user);
        var txn = await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(user.Client, from, to, "10.00"), HttpStatusCode.Created);
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));

        var id = txn.GetProperty("transaction_id").GetString();
        host.Database.Execute($"UPDATE ledger_postings SET amount_paise = amount_paise + 1 WHERE amount_paise > 0 AND entry_id = (SELECT id FROM ledger_entries WHERE transaction_id = '{id}')");
        Assert.Equal(1, await LedgerFlow.VerifyLedgerAsync(host));
        var report = await host.Services.GetRequiredService<CredbuzzPay.Api.Modules.Ledger.Features.VerifyLedger.LedgerVerifier>().VerifyAsync(CancellationToken.None);
        Assert.Contains(id!, report.Problem, StringComparison.Ordinal);

        // Put back, then move a balance without a posting: named by account.
        host.Database.Execute($"UPDATE ledger_postings SET amount_paise = amount_paise - 1 WHERE amount_paise > 0 AND entry_id = (SELECT id FROM ledger_entries WHERE transaction_id = '{id}')");
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
        host.Database.Execute($"UPDATE ledger_accounts SET balance_paise = balance_paise + 500 WHERE account_number = '{to}'");
        report = await host.Services.GetRequiredService<CredbuzzPay.Api.Modules.Ledger.Features.VerifyLedger.LedgerVerifier>().VerifyAsync(CancellationToken.None);
        Assert.Contains("XXXXXXXX" + to[^4..], report.Problem, StringComparison.Ordinal);
        Assert.Equal(1, await LedgerFlow.VerifyLedgerAsync(host));
    }

    private static Task<HttpResponseMessage> CallbackAsync(ApiHost host, string reference, string status, string? reason = null)
    {
        var body = reason is null ? $"{{\"reference\":\"{reference}\",\"status\":\"{status}\"}}" : $"{{\"reference\":\"{reference}\",\"status\":\"{status}\",\"reason\":\"{reason}\"}}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ledger/providers/sandbox/callback") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        // Signed here with the test's own HMAC, as the provider would.
        request.Headers.Add("X-Sandbox-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(LedgerFlow.CallbackSecret), Encoding.UTF8.GetBytes(body))));
        return host.CreateClient().SendAsync(request);
    }
}
