using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Loans.Features.Servicing;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Loans;

/// <summary>
/// A loan's way through the service over HTTP: a host of its own on a fake clock (servicing jumps months), a product, a customer with a
/// funded savings account, two admins of the customer's branch and a super_admin; and reads of what was stored.
/// </summary>
internal sealed class LoanFlow
{
    public const string LoanInterestIncome = "SYS000000125";
    public const string PenaltyIncome = "SYS000000133";
    public const string GstPayable = "SYS000000141";
    public const string LoanLosses = "SYS000000158";

    private LoanFlow(ApiHost host, FakeTimeProvider clock, string branch)
    {
        Host = host;
        Clock = clock;
        Branch = branch;
    }

    public ApiHost Host { get; }
    public FakeTimeProvider Clock { get; }
    public string Branch { get; }
    public KycFlow Customer { get; private set; } = null!;
    public HttpClient CustomerClient { get; private set; } = null!;
    public string Savings { get; private set; } = "";
    public KycFlow Maker { get; private set; } = null!;
    public KycFlow Checker { get; private set; } = null!;
    public KycFlow SuperAdmin { get; private set; } = null!;

    /// <summary>A host on a clock at 10:00 IST on 10 March 2026 with a customer whose savings hold <paramref name="savings"/>, and the staff.</summary>
    public static async Task<LoanFlow> StartAsync(string engine, string savings = "5000.00", string secondApproval = "500000.00")
    {
        var clock = new FakeTimeProvider(InterestTests.At(2026, 3, 10, 10));
        var host = new ApiHost(engine, new Dictionary<string, string?>
        {
            ["Ledger:Fees:TRANSFER:Flat"] = "0.00",
            ["Ledger:Products:SAVINGS:SingleTransactionLimit"] = "10000000.00",
            ["Ledger:Products:SAVINGS:DailyTransactionLimit"] = "10000000.00",
            ["Loans:SecondApprovalAmount"] = secondApproval,
        }, s => s.AddSingleton<TimeProvider>(clock));
        var flow = new LoanFlow(host, clock, "LN" + KycFlow.RandomDigits(6));
        flow.Customer = await LedgerFlow.CustomerAsync(host, flow.Branch);
        flow.CustomerClient = flow.Customer.Client;
        flow.Savings = await LedgerFlow.FundedAsync(flow.Customer, savings);
        flow.Maker = await KycFlow.StartAsync(host, "admin", flow.Branch);
        flow.Checker = await KycFlow.StartAsync(host, "admin", flow.Branch);
        flow.SuperAdmin = await KycFlow.StartAsync(host, "super_admin", "HQ0001");
        return flow;
    }

    /// <summary>Moves the clock to <paramref name="at"/> and signs everyone in again (their tokens expired).</summary>
    public async Task JumpAsync(DateTimeOffset at)
    {
        await DeliveredAsync();
        Clock.SetUtcNow(at);
        CustomerClient = await InterestTests.SignInAgainAsync(Host, Customer);
    }

    /// <summary>
    /// Waits until the outbox has sent every message (a loan's notices go to the customer's mobile, where a sign-in then looks for its code;
    /// a notice arriving after the count would be read as the code).
    /// </summary>
    public async Task DeliveredAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Scalar("SELECT COUNT(*) FROM outbox_messages WHERE status = 'pending'") != "0")
        {
            Assert.True(DateTime.UtcNow < deadline, "The outbox did not deliver its messages in time.");
            await Task.Delay(100);
        }
    }

    /// <summary>A fresh admin-panel session of a staff member (the clock may have jumped past their tokens).</summary>
    public async Task<HttpClient> StaffAsync(KycFlow staff)
    {
        await DeliveredAsync();
        return Identity.LoginTests.Authorized(Host, await Identity.LoginTests.SignInAsync(staff.Registration, staff.Registration.Email, "admin_panel"));
    }

    /// <summary>A product made by the super_admin: 12 % a year, 1.50 % processing fee, the rest as given.</summary>
    public async Task<string> ProductAsync(int lockIn = 0, int maxPercent = 100, string penalty = "500.00", int grace = 3, string fee = "1.50", string feeType = "PERCENTAGE")
    {
        var client = await StaffAsync(SuperAdmin);
        var product = await KycFlow.OkJsonAsync(await client.PostAsJsonAsync("/api/v1/admin/loan-products/", new
        {
            name = "Personal loan " + KycFlow.RandomDigits(4), min_principal = "10000.00", max_principal = "2000000.00", min_term_months = 3, max_term_months = 84,
            interest_rate = "12.00", processing_fee = new { type = feeType, value = fee }, prepayment = new { lock_in_months = lockIn, max_percent = maxPercent },
            late_payment_penalty = penalty, grace_days = grace,
        }), HttpStatusCode.Created);
        return product.GetProperty("product_id").GetString()!;
    }

    public Task<HttpResponseMessage> ApplyAsync(string productId, string principal = "100000.00", int term = 12, string? account = null, HttpClient? client = null) =>
        (client ?? CustomerClient).PostAsJsonAsync("/api/v1/loans/applications/", new
        {
            product_id = productId, principal, term_months = term, purpose = "Home repairs", disbursement_account_number = account ?? Savings,
        });

    /// <summary>Applies, has the two admins approve (the super_admin too when asked) and disburses: answers the loan as the disbursement answered it.</summary>
    public async Task<JsonElement> DisbursedAsync(string productId, string principal = "100000.00", int term = 12)
    {
        var application = await KycFlow.OkJsonAsync(await ApplyAsync(productId, principal, term), HttpStatusCode.Created);
        var id = application.GetProperty("application_id").GetString()!;
        var maker = await StaffAsync(Maker);
        var checker = await StaffAsync(Checker);
        await KycFlow.OkJsonAsync(await maker.PostAsync($"/api/v1/admin/loans/applications/{id}/approve", null));
        await KycFlow.OkJsonAsync(await checker.PostAsync($"/api/v1/admin/loans/applications/{id}/approve", null));
        return await KycFlow.OkJsonAsync(await checker.PostAsync($"/api/v1/admin/loans/applications/{id}/disburse", null), HttpStatusCode.Created);
    }

    public async Task<JsonElement> LoanAsync(string loanId) => await KycFlow.OkJsonAsync(await CustomerClient.GetAsync($"/api/v1/loans/{loanId}/"));

    public Task<HttpResponseMessage> RepayAsync(string loanId, string amount, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/loans/{loanId}/repay") { Content = JsonContent.Create(new { amount, from_account_number = Savings }) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return CustomerClient.SendAsync(request);
    }

    /// <summary>Runs the loans' day-close servicing as the job does, at the clock's time.</summary>
    public async Task<(int Collected, int Failed)> ServiceAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LoanServicing>().ServiceAsync(CancellationToken.None);
    }

    /// <summary>Moves all but <paramref name="keep"/> out of the savings account into a new current account of the customer's.</summary>
    public async Task DrainAsync(string keep)
    {
        var opened = await KycFlow.OkJsonAsync(await CustomerClient.PostAsJsonAsync("/api/v1/accounts/", new { account_type = "CURRENT" }), HttpStatusCode.Created);
        var current = opened.GetProperty("account_number").GetString()!;
        var balance = LedgerFlow.StoredPaise(Host, Savings) - Paise(keep);
        var transfer = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transactions/")
        {
            Content = JsonContent.Create(new { transaction_type = "TRANSFER", from_account_number = Savings, to_account_number = current, amount = Money(balance) }),
        };
        await KycFlow.OkJsonAsync(await CustomerClient.SendAsync(transfer), HttpStatusCode.Created);
    }

    public long Stored(string number) => LedgerFlow.StoredPaise(Host, number);

    public string Scalar(string sql) => KycFlowTests.Scalar(Host, sql)!;

    public static long Paise(string amount) => (long)(decimal.Parse(amount, CultureInfo.InvariantCulture) * 100m);

    public static long Paise(JsonElement element, string property) => Paise(element.GetProperty(property).GetString()!);

    public static string Money(long paise) => string.Create(CultureInfo.InvariantCulture, $"{paise / 100}.{paise % 100:D2}");
}
