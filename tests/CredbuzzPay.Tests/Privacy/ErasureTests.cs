using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Privacy.Features;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Loans;
using CredbuzzPay.Tests.Recharge;
using CredbuzzPay.Tests.Wallets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Privacy;

/// <summary>
/// The right to erasure through HTTP: an OTP, a wait while money is held, then what docs/privacy.md says is erased or pseudonymised is nowhere in
/// the database (nor, on SQLite, in its files), the retained set is locked (no sign-in, no staff search), the audit chain and the books verify,
/// and the retention job purges the retained set when the period ends. An open loan refuses erasure.
/// </summary>
public sealed class ErasureTests
{
    [Theory, EngineData]
    public async Task Erasure_WaitsForMoney_ThenErasesWhatTheDocsSay_LocksWhatIsRetained_AndTheRetentionJobPurgesItAfterFiveYears(string engine)
    {
        var clock = new FakeTimeProvider(InterestTests.At(2026, 12, 1, 10));
        await using var host = new ApiHost(engine, RechargeFlow.Settings(new() { ["Ledger:Fees:WITHDRAWAL:Flat"] = "0.00" }), s => s.AddSingleton<TimeProvider>(clock));
        var reviewer = await KycFlow.StartAsync(host, "super_admin");
        var person = await LedgerFlow.VerifiedThroughKycAsync(host, reviewer, registration: new RegistrationFlow(host, UniqueName(), UniqueName()));
        // A recharge they bought for a number of theirs, paying the whole wallet.
        await RechargeFlow.CatalogueAsync(host);
        var plan = await RechargeFlow.PlanAsync(reviewer, "AIRTEL", "199.00");
        await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(person.Client, "add-money/", new { amount = "199.00" }), HttpStatusCode.Created);
        var recharged = RechargeFlow.Number("55");
        Assert.Equal("SUCCESS", (await RechargeFlow.BoughtAsync(person, plan, recharged)).GetProperty("status").GetString());
        var other = await LedgerFlow.VerifiedThroughKycAsync(host, reviewer);
        await KycFlow.OkJsonAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/consents", new { purpose = "marketing", granted = true }));
        var savings = await LedgerFlow.FundedAsync(person, "150.00");
        const string grievance = "Please explain the charge on my statement of last week";
        await KycFlow.OkJsonAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/grievances/", new { subject = "Statement", details = grievance }), HttpStatusCode.Created);
        string[] needles = [person.Registration.FirstName, person.Registration.LastName, person.Registration.Email, person.Registration.MobileDigits, person.Aadhaar,
            person.Pan, person.Account, person.BusinessEmail, person.BusinessPhone, grievance, recharged];
        Assert.NotEmpty(host.Database.Scan(needles)); // the scan finds them while they are there

        // The request sends a code to the registered mobile; a wrong code changes nothing.
        var sms = person.MessagesTo(person.Registration.Mobile);
        var made = await KycFlow.OkJsonAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/requests/", new { type = "erasure" }), HttpStatusCode.Accepted);
        var requestId = made.GetProperty("request_id").GetString()!;
        Assert.Equal(("AWAITING_OTP", $"/api/v1/privacy/requests/{requestId}/confirm"), (made.GetProperty("status").GetString(), made.GetProperty("confirm_url").GetString()));
        var code = await person.CodeSentToAsync(person.Registration.Mobile, sms + 1);
        await WalletFlow.ProblemAsync(await person.Client.PostAsJsonAsync($"/api/v1/privacy/requests/{requestId}/confirm", new { otp = code == "000000" ? "111111" : "000000" }),
            HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await other.Client.PostAsJsonAsync($"/api/v1/privacy/requests/{requestId}/confirm", new { otp = code }), HttpStatusCode.NotFound);

        // Money is still held: the request waits, saying which account and how much, and nothing is erased.
        var waiting = await KycFlow.OkJsonAsync(await person.Client.PostAsJsonAsync($"/api/v1/privacy/requests/{requestId}/confirm", new { otp = code }));
        Assert.Equal("WAITING", waiting.GetProperty("status").GetString());
        Assert.Contains(new string('X', savings.Length - 4) + savings[^4..], waiting.GetProperty("waiting_reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("150.00", waiting.GetProperty("waiting_reason").GetString(), StringComparison.Ordinal);
        await RetryAsync(host, clock);
        Assert.Equal(person.Registration.Email, KycFlowTests.Scalar(host, $"SELECT email FROM users WHERE user_code = '{person.UserCode}'"));
        await WalletFlow.ProblemAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/requests/", new { type = "erasure" }), HttpStatusCode.Conflict, "request_pending");

        // Paid out: the job carries the erasure out by itself.
        await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(person.Client, new { transaction_type = "WITHDRAWAL", from_account_number = savings, amount = "150.00" }),
            HttpStatusCode.Created);
        var auditBefore = long.Parse(KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM audit_trail")!, System.Globalization.CultureInfo.InvariantCulture);
        await RetryAsync(host, clock);
        Assert.Equal("COMPLETED", KycFlowTests.Scalar(host, $"SELECT status FROM privacy_requests WHERE request_id = '{requestId}'"));
        var outcome = JsonDocument.Parse(KycFlowTests.Scalar(host, $"SELECT outcome FROM privacy_requests WHERE request_id = '{requestId}'")!).RootElement;
        var retained = outcome.EnumerateArray().Where(l => l.GetProperty("action").GetString() == "retained").ToList();
        Assert.Contains(retained, l => l.GetProperty("data").GetString()!.StartsWith("Your KYC records", StringComparison.Ordinal));
        Assert.Contains(retained, l => l.GetProperty("data").GetString()!.StartsWith("Your accounts", StringComparison.Ordinal));
        // Retained five years from the end of the relationship: the account closed now.
        Assert.All(retained, l => Assert.Equal(new DateTime(2031, 12, 1, 4, 30, 0), l.GetProperty("retained_until").GetDateTime()));
        Assert.Contains(outcome.EnumerateArray(), l => l.GetProperty("action").GetString() == "erased" && l.GetProperty("data").GetString()!.StartsWith("Photographs", StringComparison.Ordinal));
        var letter = await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == person.Registration.Email
            && m.GetProperty("body").GetString()!.Contains(requestId, StringComparison.Ordinal) && m.GetProperty("body").GetString()!.Contains("until 2031-12-01", StringComparison.Ordinal));
        Assert.Contains("Your KYC records", letter.GetProperty("body").GetString(), StringComparison.Ordinal);
        await DeliveredAsync(host);

        // Nothing docs/privacy.md erases or pseudonymises is left anywhere in the database, in any table.
        Assert.Empty(host.Database.Scan(needles));
        if (engine == TestEngines.Sqlite)
        {
            // Nor in the file's free pages or the write-ahead log (secure_delete, then a truncating checkpoint).
            var file = new SqliteConnectionStringBuilder(host.Database.ConnectionString).DataSource;
            foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
            {
                var bytes = ReadShared(path);
                foreach (var needle in needles)
                {
                    Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"{Path.GetFileName(path)} still holds an erased value");
                }
            }
        }

        // The retained set: kept, but sealed and locked.
        Assert.Equal("erased", KycFlowTests.Scalar(host, $"SELECT status FROM users WHERE user_code = '{person.UserCode}'"));
        Assert.Equal("4", KycFlowTests.Scalar(host,
            $"SELECT COUNT(*) FROM kyc_submissions WHERE user_code = '{person.UserCode}' AND details = '{{}}' AND private_encrypted IS NOT NULL AND deleted_at IS NOT NULL"));
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM kyc_documents d JOIN kyc_submissions s ON s.id = d.submission_id WHERE s.user_code = '{person.UserCode}' AND d.kind = 'shop_image'"));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM kyc_documents d JOIN kyc_submissions s ON s.id = d.submission_id WHERE s.user_code = '{person.UserCode}' AND d.kind = 'selfie'"));
        Assert.Equal("CLOSED", KycFlowTests.Scalar(host, $"SELECT status FROM ledger_accounts WHERE account_number = '{savings}'"));
        Assert.Equal("CLOSED", KycFlowTests.Scalar(host, $"SELECT a.status FROM ledger_accounts a JOIN wallets w ON w.account_id = a.id WHERE w.user_code = '{person.UserCode}'"));
        Assert.Equal("XXXXXX" + recharged[^4..], KycFlowTests.Scalar(host, $"SELECT subscriber FROM recharge_purchases WHERE payer_code = '{person.UserCode}'"));
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.user_code = '{person.UserCode}'"));
        // The one purpose they had granted (marketing: they registered without a notice version and never accepted one) is withdrawn by the erasure.
        Assert.Equal("marketing", KycFlowTests.Scalar(host, $"SELECT c.purpose FROM privacy_consents c JOIN users u ON u.id = c.user_id WHERE u.user_code = '{person.UserCode}' AND c.source = 'erasure'"));
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM privacy_consents c JOIN users u ON u.id = c.user_id WHERE u.user_code = '{person.UserCode}' AND (c.ip_address IS NOT NULL OR c.user_agent IS NOT NULL)"));
        // Nobody signs in as them: not with the old email, not with the old tokens; staff find them in no search or list.
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginTests.LoginAsync(person.Registration, person.Registration.Email, RegistrationFlow.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Client.GetAsync("/api/v1/privacy/requests/")).StatusCode);
        foreach (var (q, by) in new[] { (person.UserCode, "user_code"), (person.Registration.Email, "email"), (person.Registration.FirstName, "name") })
        {
            var found = await KycFlow.OkJsonAsync(await reviewer.Client.GetAsync($"/api/v1/admin/users/search?q={Uri.EscapeDataString(q)}&filter_by={by}"));
            Assert.DoesNotContain(person.UserCode, found.GetRawText(), StringComparison.Ordinal);
        }
        await WalletFlow.ProblemAsync(await reviewer.Client.GetAsync($"/api/v1/admin/users/get_user/{person.UserCode}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(person.UserCode, (await KycFlow.OkJsonAsync(await reviewer.Client.GetAsync("/api/v1/admin/users/list_users?page_size=100"))).GetRawText(), StringComparison.Ordinal);
        // The other person is untouched; the chain and the books verify.
        Assert.Equal(other.Registration.Email, KycFlowTests.Scalar(host, $"SELECT email FROM users WHERE user_code = '{other.UserCode}'"));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
        Assert.Equal(0, await host.Services.GetServices<ICliCommand>().Single(c => c.Name == "verify-audit").RunAsync(new ConfigurationBuilder().Build(), CancellationToken.None));
        Assert.True(long.Parse(KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM audit_trail")!, System.Globalization.CultureInfo.InvariantCulture) > auditBefore);

        // Five years later, not a day before, the retention job purges the retained set.
        clock.SetUtcNow(new DateTimeOffset(2031, 11, 30, 4, 30, 0, TimeSpan.Zero));
        Assert.Equal(0, await PurgeAsync(host, clock));
        Assert.Equal("4", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM kyc_submissions WHERE user_code = '{person.UserCode}'"));
        clock.SetUtcNow(new DateTimeOffset(2031, 12, 1, 5, 0, 0, TimeSpan.Zero));
        Assert.True(await PurgeAsync(host, clock) > 0);
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM kyc_submissions WHERE user_code = '{person.UserCode}'"));
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM kyc_documents WHERE user_id = (SELECT id FROM users WHERE user_code = '{person.UserCode}')"));
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM login_activity WHERE user_id = (SELECT id FROM users WHERE user_code = '{person.UserCode}')"));
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM privacy_consents WHERE user_id = (SELECT id FROM users WHERE user_code = '{person.UserCode}')"));
        Assert.Equal("4", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM kyc_submissions WHERE user_code = '{other.UserCode}'"));
        Assert.Equal(0, await PurgeAsync(host, clock)); // once only
        // Every step is in the audit trail, naming the request, never a value.
        foreach (var action in new[] { "privacy.request_made", "privacy.erasure_waiting", "privacy.erasure_completed", "privacy.retained_purged" })
        {
            Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = '{action}' AND target_id = '{requestId}'"));
        }
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
        Assert.Equal(0, await host.Services.GetServices<ICliCommand>().Single(c => c.Name == "verify-audit").RunAsync(new ConfigurationBuilder().Build(), CancellationToken.None));
    }

    [Theory, EngineData]
    public async Task Erasure_IsRefusedWhileALoanIsOpen(string engine)
    {
        var flow = await LoanFlow.StartAsync(engine);
        await using var host = flow.Host;
        await flow.DisbursedAsync(await flow.ProductAsync());
        await WalletFlow.ProblemAsync(await flow.CustomerClient.PostAsJsonAsync("/api/v1/privacy/requests/", new { type = "erasure" }), HttpStatusCode.Conflict, "loan_open");
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM privacy_requests WHERE type = 'erasure'"));
        Assert.Equal(flow.Customer.Registration.Email, KycFlowTests.Scalar(host, $"SELECT email FROM users WHERE user_code = '{flow.Customer.UserCode}'"));
    }

    [Theory, EngineData]
    public async Task Erasure_OfAStaffAccount_IsRefused_UntilTheirRoleEnds(string engine)
    {
        await using var host = new ApiHost(engine);
        var staff = await KycFlow.StartAsync(host, "admin", "BLR01");
        await WalletFlow.ProblemAsync(await staff.Client.PostAsJsonAsync("/api/v1/privacy/requests/", new { type = "erasure" }), HttpStatusCode.Conflict, "staff_account");
        Assert.Equal("0", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM privacy_requests"));
    }

    private static async Task RetryAsync(ApiHost host, TimeProvider clock)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ErasureRetries>().RunAsync(clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    private static async Task<int> PurgeAsync(ApiHost host, TimeProvider clock)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetainedSetPurge>().CleanAsync(clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    private static async Task DeliveredAsync(ApiHost host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'pending'") != "0")
        {
            Assert.True(DateTime.UtcNow < deadline, "The outbox did not deliver its messages in time.");
            await Task.Delay(100);
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string UniqueName() => "Zq" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz", 8);
}
