using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Api.Platform.Jobs;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Ledger;

/// <summary>Fraud rules at their thresholds (defaults of docs/ledger.md), held debits, and the alerts' endpoints.</summary>
public sealed class FraudTests
{
    [Theory, EngineData]
    public async Task Velocity_FiresOnTheFifthDebitWithinTenMinutes_NotTheFourth(string engine)
    {
        var (host, payer, from, to) = await PairAsync(engine);
        for (var i = 0; i < 4; i++)
        {
            await SendAsync(payer, from, to, "1.23");
        }
        Assert.Empty(AlertTypes(host, payer));
        await SendAsync(payer, from, to, "1.23");
        Assert.Equal(["VELOCITY"], AlertTypes(host, payer));
    }

    [Theory, EngineData]
    public async Task ManyNewPayees_FiresOnTheThirdFirstTimeDestination(string engine)
    {
        var (host, payer, from, first) = await PairAsync(engine);
        var payee = await LedgerFlow.CustomerAsync(host);
        var second = await LedgerFlow.OpenAsync(payee);
        var third = await LedgerFlow.OpenAsync(payee, "CURRENT");
        await SendAsync(payer, from, first, "2.34");
        await SendAsync(payer, from, first, "2.34");
        await SendAsync(payer, from, second, "2.34");
        Assert.Empty(AlertTypes(host, payer));
        await SendAsync(payer, from, third, "2.34");
        Assert.Equal(["MANY_NEW_PAYEES"], AlertTypes(host, payer));
    }

    [Theory, EngineData]
    public async Task RoundAmounts_FireOnTheThirdWholeThousandWithinAnHour(string engine)
    {
        var (host, payer, from, to) = await PairAsync(engine);
        await SendAsync(payer, from, to, "1000.00");
        await SendAsync(payer, from, to, "999.99");
        await SendAsync(payer, from, to, "2000.00");
        Assert.Empty(AlertTypes(host, payer));
        await SendAsync(payer, from, to, "3000.00");
        Assert.Equal(["ROUND_AMOUNTS"], AlertTypes(host, payer));
    }

    [Theory, EngineData]
    public async Task UnusualAmount_FiresAtFiveTimesTheCustomersAverageAndAtLeastTenThousand(string engine)
    {
        foreach (var (amount, fires) in new[] { ("10000.04", false), ("10000.05", true) })
        {
            var (host, payer, from, to) = await PairAsync(engine);
            for (var i = 0; i < 3; i++)
            {
                await SendAsync(payer, from, to, "2000.01");
            }
            await SendAsync(payer, from, to, amount);
            Assert.Equal(fires ? ["SUSPICIOUS_TRANSACTION"] : [], AlertTypes(host, payer));
        }
        // Five times a small average, but under the 10,000.00 floor: no alert.
        var (h, small, a, b) = await PairAsync(engine);
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(small, a, b, "100.01");
        }
        await SendAsync(small, a, b, "9999.99");
        Assert.Empty(AlertTypes(h, small));
    }

    [Theory, EngineData]
    public async Task NewDeviceSignIn_ThenALargeDebit_FiresFromFiveThousand_AndACredentialChangeTooHoldsIt(string engine)
    {
        var (host, payer, from, to) = await PairAsync(engine);
        await SignInFromANewDeviceAsync(payer);
        await SendAsync(payer, from, to, "4999.99");
        Assert.Empty(AlertTypes(host, payer));
        await SendAsync(payer, from, to, "5000.01");
        Assert.Equal(["NEW_DEVICE_LARGE_TRANSFER"], AlertTypes(host, payer));

        // A password change as well: 35 + 35 points reach the hold score of 70.
        await KycFlow.OkJsonAsync(await payer.Client.PostAsJsonAsync("/api/v1/user/profile/change_password",
            new { old_password = RegistrationFlow.Password, new_password = "N3w-Passw0rd#Fraud", confirm_password = "N3w-Passw0rd#Fraud" }));
        var before = LedgerFlow.StoredPaise(host, from);
        var held = await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(payer.Client, from, to, "6000.02"), HttpStatusCode.Created);
        Assert.Equal("PENDING_REVIEW", held.GetProperty("status").GetString());
        Assert.Equal(before, LedgerFlow.StoredPaise(host, from));
        var account = await LedgerFlow.AccountAsync(payer, from);
        Assert.Equal(Format(before - 600_002), account.GetProperty("available_balance").GetString());
        var alerts = host.Database.Query($"SELECT alert_type, severity, risk_score FROM fraud_alerts WHERE transaction_id = '{held.GetProperty("transaction_id").GetString()}' ORDER BY alert_type");
        Assert.Equal(["AFTER_CREDENTIAL_CHANGE", "NEW_DEVICE_LARGE_TRANSFER"], alerts.Select(r => (string)r[0]!).ToArray());
        Assert.All(alerts, r => Assert.Equal("CRITICAL", r[1]));
        // The rules' 70 points plus a quarter of the security module's risk score (the new-device alert it raised counts there).
        var security = await SecurityScoreAsync(host, payer);
        Assert.True(security > 0);
        Assert.All(alerts, r => Assert.Equal(Math.Min(100, 70 + security / 4), Convert.ToInt32(r[2], CultureInfo.InvariantCulture)));
        Assert.Equal("HIGH", (await KycFlow.OkJsonAsync(await payer.Client.GetAsync("/api/v1/user/profile/my_profile"))).GetProperty("risk_profile").GetString());
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task HeldDebits_MoveNoMoneyUntilReleased_RejectedOnesNever_AndUnreviewedOnesAreRejectedByTheJob(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var branch = "FR" + KycFlow.RandomDigits(6);
        var payer = await LedgerFlow.CustomerAsync(host, branch);
        var payee = await LedgerFlow.CustomerAsync(host, branch);
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var elsewhere = await KycFlow.StartAsync(host, "admin", "FR" + KycFlow.RandomDigits(6));
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var from = await LedgerFlow.FundedAsync(payer, "100000.00");
        var to = await LedgerFlow.FundedAsync(payee, "0.00");
        await SignInFromANewDeviceAsync(payer);
        await KycFlow.OkJsonAsync(await payer.Client.PostAsJsonAsync("/api/v1/user/profile/change_password",
            new { old_password = RegistrationFlow.Password, new_password = "N3w-Passw0rd#Fraud", confirm_password = "N3w-Passw0rd#Fraud" }));

        var released = (await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(payer.Client, from, to, "7000.01"), HttpStatusCode.Created)).GetProperty("transaction_id").GetString()!;
        var rejected = (await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(payer.Client, from, to, "8000.01"), HttpStatusCode.Created)).GetProperty("transaction_id").GetString()!;
        var expired = (await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(payer.Client, from, to, "9000.01"), HttpStatusCode.Created)).GetProperty("transaction_id").GetString()!;
        var payout = await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(payer.Client, new
        {
            transaction_type = "PAYMENT", from_account_number = from, amount = "5500.03", payee_name = "Ravi Traders", payee_account_number = "50100234567891", payee_ifsc = "HDFC0001234",
        }), HttpStatusCode.Created);
        Assert.Equal("PENDING_REVIEW", payout.GetProperty("status").GetString());
        Assert.Equal(0, LedgerFlow.StoredPaise(host, to));
        Assert.Equal(10_000_000, LedgerFlow.StoredPaise(host, from));

        await LedgerFlow.ProblemAsync(await elsewhere.Client.PostAsync($"/api/v1/admin/transactions/{released}/release", null), HttpStatusCode.NotFound);
        await LedgerFlow.ProblemAsync(await auditor.Client.PostAsync($"/api/v1/admin/transactions/{released}/release", null), HttpStatusCode.Forbidden);
        var posted = await KycFlow.OkJsonAsync(await admin.Client.PostAsync($"/api/v1/admin/transactions/{released}/release", null));
        Assert.Equal("COMPLETED", posted.GetProperty("status").GetString());
        await LedgerFlow.ProblemAsync(await admin.Client.PostAsync($"/api/v1/admin/transactions/{released}/release", null), HttpStatusCode.Conflict, "not_under_review");
        Assert.Equal(700_001, LedgerFlow.StoredPaise(host, to));

        var failed = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/transactions/{rejected}/reject", new { reason = "customer did not make it" }));
        Assert.Equal("FAILED", failed.GetProperty("status").GetString());
        var sent = await KycFlow.OkJsonAsync(await admin.Client.PostAsync($"/api/v1/admin/transactions/{payout.GetProperty("transaction_id").GetString()}/release", null));
        Assert.Equal("COMPLETED", sent.GetProperty("status").GetString());
        Assert.Equal("0", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM ledger_held_payouts h JOIN ledger_entries e ON e.id = h.entry_id " +
            $"WHERE e.transaction_id = '{payout.GetProperty("transaction_id").GetString()}'"));

        host.Database.Execute($"UPDATE ledger_entries SET created_at = {Ago(engine, 73)} WHERE transaction_id = '{expired}'");
        var cleanup = host.Services.GetServices<ICleanupTask>().Single(t => t.Name == "ledger fraud reviews");
        Assert.True(await cleanup.CleanAsync(DateTime.UtcNow, CancellationToken.None) >= 1);
        Assert.Equal("FAILED", KycFlowTests.Scalar(host, $"SELECT status FROM ledger_entries WHERE transaction_id = '{expired}'"));
        Assert.Equal(10_000_000 - 700_001 - 550_003, LedgerFlow.StoredPaise(host, from));
        var account = await LedgerFlow.AccountAsync(payer, from);
        Assert.Equal(account.GetProperty("balance").GetString(), account.GetProperty("available_balance").GetString());
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task FraudAlerts_HaveSeed001sShape_AreBranchLimitedForAdmins_AndOnlyStaffHandleThem(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var branch = "FA" + KycFlow.RandomDigits(6);
        var payer = await LedgerFlow.CustomerAsync(host, branch);
        var payee = await LedgerFlow.CustomerAsync(host, branch);
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var elsewhere = await KycFlow.StartAsync(host, "admin", "FA" + KycFlow.RandomDigits(6));
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var from = await LedgerFlow.FundedAsync(payer, "100000.00");
        var to = await LedgerFlow.FundedAsync(payee, "0.00");
        for (var i = 0; i < 5; i++)
        {
            await SendAsync(payer, from, to, "3.21");
        }

        var list = await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/fraud-alerts/?alert_type=VELOCITY&status=OPEN&days=1"));
        var alert = list.GetProperty("results").EnumerateArray().Single(a => a.GetProperty("user_code").GetString() == payer.UserCode);
        Assert.Matches("^ALERT[A-Z0-9]{8}$", alert.GetProperty("alert_id").GetString());
        Assert.Equal("VELOCITY", alert.GetProperty("alert_type").GetString());
        Assert.Equal("MEDIUM", alert.GetProperty("severity").GetString());
        Assert.Equal("OPEN", alert.GetProperty("status").GetString());
        Assert.Equal(30, alert.GetProperty("risk_score").GetInt32());
        Assert.Matches("^TXN", alert.GetProperty("transaction_id").GetString());
        foreach (var field in new[] { "title", "description", "created_at" })
        {
            Assert.True(alert.TryGetProperty(field, out _), field);
        }
        var id = alert.GetProperty("alert_id").GetString()!;
        Assert.DoesNotContain((await KycFlow.OkJsonAsync(await elsewhere.Client.GetAsync("/api/v1/fraud-alerts/"))).GetProperty("results").EnumerateArray(),
            a => a.GetProperty("alert_id").GetString() == id);
        await LedgerFlow.ProblemAsync(await elsewhere.Client.GetAsync($"/api/v1/fraud-alerts/{id}/"), HttpStatusCode.NotFound);
        await KycFlow.OkJsonAsync(await auditor.Client.GetAsync($"/api/v1/fraud-alerts/{id}/"));
        await LedgerFlow.ProblemAsync(await payer.Client.GetAsync("/api/v1/fraud-alerts/"), HttpStatusCode.Forbidden);
        await LedgerFlow.ProblemAsync(await auditor.Client.PostAsJsonAsync($"/api/v1/fraud-alerts/{id}/resolve", new { note = "fine" }), HttpStatusCode.Forbidden);
        await LedgerFlow.ProblemAsync(await admin.Client.GetAsync("/api/v1/fraud-alerts/?severity=SEVERE"), HttpStatusCode.BadRequest);

        Assert.Equal("MEDIUM", (await KycFlow.OkJsonAsync(await payer.Client.GetAsync("/api/v1/user/profile/my_profile"))).GetProperty("risk_profile").GetString());
        var investigating = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/fraud-alerts/{id}/investigate", new { note = "calling the customer" }));
        Assert.Equal("INVESTIGATING", investigating.GetProperty("status").GetString());
        await LedgerFlow.ProblemAsync(await admin.Client.PostAsJsonAsync($"/api/v1/fraud-alerts/{id}/investigate", new { note = "again" }), HttpStatusCode.Conflict);
        var resolved = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/fraud-alerts/{id}/false_positive", new { note = "customer paying rent in parts" }));
        Assert.Equal("FALSE_POSITIVE", resolved.GetProperty("status").GetString());
        Assert.Equal(admin.UserCode, resolved.GetProperty("handled_by").GetString());
        Assert.Equal("LOW", (await KycFlow.OkJsonAsync(await payer.Client.GetAsync("/api/v1/user/profile/my_profile"))).GetProperty("risk_profile").GetString());
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'fraud.alert_false_positive' AND target_id = '{id}'"));
    }

    private static async Task<int> SecurityScoreAsync(ApiHost host, KycFlow user)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredbuzzPay.Api.Platform.Database.AppDb>();
        var summary = await scope.ServiceProvider.GetRequiredService<CredbuzzPay.Api.Modules.Identity.Contracts.IUserDirectory>().FindByCodeAsync(db, user.UserCode);
        return await scope.ServiceProvider.GetRequiredService<CredbuzzPay.Api.Modules.Security.Contracts.IRiskScores>().ScoreAsync(db, summary!.Id);
    }

    private static async Task<(ApiHost Host, KycFlow Payer, string From, string To)> PairAsync(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var payer = await LedgerFlow.CustomerAsync(host);
        var payee = await LedgerFlow.CustomerAsync(host);
        return (host, payer, await LedgerFlow.FundedAsync(payer, "100000.00"), await LedgerFlow.FundedAsync(payee, "0.00"));
    }

    private static async Task SendAsync(KycFlow payer, string from, string to, string amount) =>
        Assert.Equal("COMPLETED", (await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(payer.Client, from, to, amount), HttpStatusCode.Created)).GetProperty("status").GetString());

    /// <summary>A second sign-in from another browser: the identity module reports it to security as a new device.</summary>
    internal static async Task SignInFromANewDeviceAsync(KycFlow user)
    {
        user.Registration.Client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0");
        await LoginTests.SignInAsync(user.Registration, user.Registration.Email);
    }

    private static string[] AlertTypes(ApiHost host, KycFlow user) =>
        host.Database.Query($"SELECT alert_type FROM fraud_alerts WHERE user_code = '{user.UserCode}' ORDER BY alert_type").Select(r => (string)r[0]!).Distinct().ToArray();

    private static string Format(long paise) => (paise / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ago(string engine, int hours) => engine switch
    {
        TestEngines.Postgres => $"created_at - interval '{hours} hours'",
        TestEngines.MySql => $"DATE_SUB(created_at, INTERVAL {hours} HOUR)",
        _ => $"strftime('%Y-%m-%d %H:%M:%f', created_at, '-{hours} hours')",
    };
}
