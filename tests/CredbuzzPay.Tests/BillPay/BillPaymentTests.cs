using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Api.Platform.Jobs;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Recharge;
using CredbuzzPay.Tests.Wallets;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.BillPay;

/// <summary>Bill payments through the BBPS sandbox on every engine: the catalogue, each fetch and pay outcome, the amount and fee rules, pending payments, secrecy of card numbers.</summary>
public sealed class BillPaymentTests
{
    private const string BillerSettlement = "SYS000000117";
    private static readonly ConcurrentDictionary<ApiHost, Lazy<Task>> Catalogues = new();

    [Theory, EngineData]
    public async Task Catalogue_LoadsOnce_FiltersByCategoryAndSearch_AndAdminsSuspendABiller(string engine)
    {
        var host = await HostAsync(engine);
        const string Samples = "SELECT COUNT(*) FROM billers WHERE biller_id IN ('HDFC00000NATDJ','SBIC00000NATDN','ICIC00000NATSI','AXIS00000NATNM','KOTK00000NATKZ'," +
            "'AMEX00000NATIE','INDU00000NATOL','YESB00000NATIQ','RBLC00000NATRC','MSEB00000MAH01','BESCOM000KAR01','TNEB00000TND01','BSESRAJ00DEL01','DJB000000DEL01'," +
            "'MGL000000MUM01','ACTB00000NAT01','AIRP00000NAT01','LICI00000NAT01','BAJF00000NAT01','NETC00000NAT01','DPSRK0000DEL01','TATAPLAY0NAT01')";
        Assert.Equal("22", KycFlowTests.Scalar(host, Samples));
        await RechargeFlow.RunCommandAsync(host, "populate-billers");
        Assert.Equal("22", KycFlowTests.Scalar(host, Samples));
        var user = await KycFlow.StartAsync(host);
        var categories = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/bills/categories/"));
        Assert.Equal(11, categories.GetArrayLength());
        var cards = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/bills/billers/?category=credit_card&page_size=100"));
        Assert.True(cards.GetProperty("count").GetInt32() >= 9);
        Assert.All(cards.GetProperty("results").EnumerateArray(), b => Assert.Equal("credit_card", b.GetProperty("category_code").GetString()));
        var hdfc = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/bills/billers/?search=hdfc"));
        Assert.Equal("HDFC00000NATDJ", hdfc.GetProperty("results")[0].GetProperty("biller_id").GetString());
        var detail = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/bills/billers/HDFC00000NATDJ/"));
        Assert.Equal(new[] { "card_number", "mobile" }, detail.GetProperty("customer_params").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(("FIXED", "5.00"), (detail.GetProperty("platform_fee").GetProperty("type").GetString(), detail.GetProperty("platform_fee").GetProperty("value").GetString()));
        await WalletFlow.ProblemAsync(await user.Client.GetAsync("/api/v1/bills/billers/?category=nope"), HttpStatusCode.BadRequest);

        var admin = await KycFlow.StartAsync(host, "admin", WalletFlow.Branch());
        var id = "T" + KycFlow.RandomDigits(6) + "TEST";
        await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/bills/billers/", new
        {
            biller_id = id, name = "Test Water Board", category_code = "water", customer_params = new[] { new { name = "consumer_number", label = "Consumer number", regex = "^[0-9]{8}$", required = true } },
            fetch_supported = false, part_payment = false, min_amount = "10.00", max_amount = "5000.00", platform_fee = new { type = "PERCENTAGE", value = "1.25" },
        }), HttpStatusCode.Created);
        await WalletFlow.ProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/bills/billers/", new { biller_id = "X" + id }), HttpStatusCode.Forbidden);
        await WalletFlow.ProblemAsync(await admin.Client.PostAsJsonAsync("/api/v1/bills/billers/", new { biller_id = "B" + id, name = "x", category_code = "water",
            customer_params = new[] { new { name = "n", label = "N", regex = "[0-9]+", required = true } }, min_amount = "1.00", max_amount = "2.00",
            platform_fee = new { type = "FIXED", value = "1.00" } }), HttpStatusCode.BadRequest);
        var suspended = await KycFlow.OkJsonAsync(await admin.Client.PutAsJsonAsync($"/api/v1/bills/billers/{id}/", new { active = false }));
        Assert.False(suspended.GetProperty("active").GetBoolean());
        var customer = await FundedCustomerAsync(host, "100.00");
        await WalletFlow.ProblemAsync(await PayAsync(customer, id, new { consumer_number = "12345678" }, "50.00"), HttpStatusCode.UnprocessableEntity, "biller_suspended");
    }

    [Theory, EngineData]
    public async Task CreditCard_FetchThenPayAnyAmountUpToTheOutstanding_WithTheFixedFeeInTheSameEntry_AndTheCardNumberNeverInClear(string engine)
    {
        var host = await HostAsync(engine);
        var customer = await FundedCustomerAsync(host, "20000.00");
        var card = "4" + KycFlow.RandomDigits(11) + "5678";
        var parameters = new { card_number = card, mobile = "98" + KycFlow.RandomDigits(8) };
        var bill = await KycFlow.OkJsonAsync(await FetchAsync(customer, "HDFC00000NATDJ", parameters));
        var outstanding = Paise(bill.GetProperty("bill_amount").GetString()!);
        Assert.True(outstanding >= 10_000);
        Assert.Equal("XXXXXXXXXXXX5678", bill.GetProperty("customer_params").GetProperty("card_number").GetString());
        Assert.Equal("5.00", bill.GetProperty("platform_fee").GetString());
        Assert.NotNull(bill.GetProperty("minimum_due").GetString());
        var fetchId = bill.GetProperty("fetch_id").GetString()!;

        await WalletFlow.ProblemAsync(await PayAsync(customer, "HDFC00000NATDJ", parameters, Money(outstanding + 1), fetchId), HttpStatusCode.UnprocessableEntity, "amount_mismatch");
        await WalletFlow.ProblemAsync(await PayAsync(customer, "HDFC00000NATDJ", parameters, "100.00"), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await PayAsync(customer, "HDFC00000NATDJ", new { card_number = card[..15], mobile = "9800000000" }, "100.00", fetchId), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await PayAsync(customer, "HDFC00000NATDJ", new { card_number = "4" + KycFlow.RandomDigits(15), mobile = parameters.mobile }, "100.00", fetchId),
            HttpStatusCode.NotFound);
        var paid = await KycFlow.OkJsonAsync(await PayAsync(customer, "HDFC00000NATDJ", parameters, "100.00", fetchId), HttpStatusCode.Created);
        Assert.Equal("SUCCESS", paid.GetProperty("status").GetString());
        Assert.Equal(("100.00", "5.00", "105.00"), (paid.GetProperty("amount").GetString(), paid.GetProperty("fee").GetString(), paid.GetProperty("total").GetString()));
        Assert.Matches("^[A-Z0-9]{12}$", paid.GetProperty("reference").GetString()!);
        Assert.Equal("XXXXXXXXXXXX5678", paid.GetProperty("customer_params").GetProperty("card_number").GetString());
        var paymentId = paid.GetProperty("payment_id").GetString()!;
        var transaction = KycFlowTests.Scalar(host, $"SELECT e.transaction_id FROM ledger_entries e JOIN bill_payments p ON p.entry_id = e.id WHERE p.payment_id = '{paymentId}'")!;
        var wallet = KycFlowTests.Scalar(host, $"SELECT account_number FROM wallets WHERE user_code = '{customer.UserCode}'")!;
        var postings = WalletFlow.Postings(host, transaction).ToDictionary(p => p.Account, p => p.Paise);
        Assert.Equal(-10_500, postings[wallet]);
        Assert.Equal(10_000, postings[BillerSettlement]);
        Assert.Equal(500, postings.Where(p => p.Key.StartsWith("SYS", StringComparison.Ordinal) && p.Key != BillerSettlement).Sum(p => p.Value));
        Assert.Equal(0, postings.Values.Sum());
        Assert.Equal(2_000_000 - 10_500, WalletFlow.StoredPaise(host, customer.UserCode));

        // The card number is nowhere in clear: not in an answer, a column or a log line.
        var history = await customer.Client.GetStringAsync("/api/v1/bills/payments/");
        var detail = await customer.Client.GetStringAsync($"/api/v1/bills/payments/{paymentId}/");
        Assert.DoesNotContain(card, history + detail, StringComparison.Ordinal);
        foreach (var (table, columns) in new[] { ("bill_payments", "params_masked, reference, biller_ref, failure_reason"), ("bill_fetches", "params_hash, bill_number, customer_name"),
            ("audit_trail", "detail"), ("ledger_entries", "description") })
        {
            foreach (var row in host.Database.Query($"SELECT {columns} FROM {table}"))
            {
                Assert.DoesNotContain(row, value => value is string text && text.Contains(card, StringComparison.Ordinal));
            }
        }
        foreach (var file in Directory.GetFiles(host.LogDirectory, "*.log"))
        {
            Assert.DoesNotContain(card, TestFiles.ReadShared(file), StringComparison.Ordinal);
        }
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task Utilities_TakeTheBillExactly_APercentageFeeToThePaisa_ARetailerEarnsTheBillersMargin_AndABankAccountPaysToo(string engine)
    {
        var host = await HostAsync(engine);
        // ACT Fibernet: no part payment, a 1.00 % platform fee.
        var customer = await FundedCustomerAsync(host, "20000.00");
        var account = await LedgerFlow.FundedAsync(customer, "20000.00");
        var broadband = new { consumer_number = KycFlow.RandomDigits(6) + "5151" };
        var bill = await KycFlow.OkJsonAsync(await FetchAsync(customer, "ACTB00000NAT01", broadband));
        var amount = Paise(bill.GetProperty("bill_amount").GetString()!);
        var fee = amount * 100 / 10_000;
        Assert.Equal(Money(fee), bill.GetProperty("platform_fee").GetString());
        await WalletFlow.ProblemAsync(await PayAsync(customer, "ACTB00000NAT01", broadband, Money(amount - 1), bill.GetProperty("fetch_id").GetString()), HttpStatusCode.UnprocessableEntity,
            "amount_mismatch");
        var paid = await KycFlow.OkJsonAsync(await PayAsync(customer, "ACTB00000NAT01", broadband, Money(amount), bill.GetProperty("fetch_id").GetString(), account), HttpStatusCode.Created);
        Assert.Equal(Money(fee), paid.GetProperty("fee").GetString());
        Assert.Equal(2_000_000 - amount - fee, LedgerFlow.StoredPaise(host, account));
        Assert.Equal(2_000_000, WalletFlow.StoredPaise(host, customer.UserCode));

        // A retailer pays MSEDCL for a walk-in customer: the biller's 0.50 % margin comes back to its wallet in the same posting.
        var admin = await KycFlow.StartAsync(host, "admin", WalletFlow.Branch());
        var retailer = await WalletFlow.MemberAsync(host, admin, KycFlowTests.Scalar(host, $"SELECT branch_code FROM users WHERE user_code = '{admin.UserCode}'")!, "retailer");
        await WalletFlow.FundAsync(admin, retailer, "20000.00");
        var electricity = new { consumer_number = KycFlow.RandomDigits(8) + "7272" };
        var due = await KycFlow.OkJsonAsync(await FetchAsync(retailer, "MSEB00000MAH01", electricity));
        var billPaise = Paise(due.GetProperty("bill_amount").GetString()!);
        var sold = await KycFlow.OkJsonAsync(await PayAsync(retailer, "MSEB00000MAH01", electricity, Money(billPaise), due.GetProperty("fetch_id").GetString()), HttpStatusCode.Created);
        var margin = billPaise * 50 / 10_000;
        var transaction = KycFlowTests.Scalar(host, $"SELECT e.transaction_id FROM ledger_entries e JOIN bill_payments p ON p.entry_id = e.id WHERE p.payment_id = '{sold.GetProperty("payment_id").GetString()}'")!;
        var postings = WalletFlow.Postings(host, transaction).ToDictionary(p => p.Account, p => p.Paise);
        var wallet = KycFlowTests.Scalar(host, $"SELECT account_number FROM wallets WHERE user_code = '{retailer.UserCode}'")!;
        Assert.Equal(new Dictionary<string, long> { [wallet] = -billPaise + margin, [BillerSettlement] = billPaise - margin }, postings);
        await WalletFlow.ProblemAsync(await PayAsync(retailer, "MSEB00000MAH01", electricity, Money(billPaise), due.GetProperty("fetch_id").GetString(), account), HttpStatusCode.Forbidden);
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task EverySandboxOutcome_OfFetchAndPay_AndPendingPaymentsSettledByTheReconciliation(string engine)
    {
        var host = await HostAsync(engine);
        var customer = await FundedCustomerAsync(host, "1000.00");
        await WalletFlow.ProblemAsync(await FetchAsync(customer, "BESCOM000KAR01", new { consumer_number = "123456" + "1111" }), HttpStatusCode.UnprocessableEntity, "invalid_customer");
        await WalletFlow.ProblemAsync(await FetchAsync(customer, "BESCOM000KAR01", new { consumer_number = "123456" + "2222" }), HttpStatusCode.UnprocessableEntity, "no_bill_due");
        await WalletFlow.ProblemAsync(await FetchAsync(customer, "BESCOM000KAR01", new { consumer_number = "123456" + "0000" }), HttpStatusCode.ServiceUnavailable, "provider_unavailable");
        var badFormat = await WalletFlow.ProblemAsync(await FetchAsync(customer, "BESCOM000KAR01", new { consumer_number = "12AB" }), HttpStatusCode.BadRequest);
        Assert.True(badFormat.GetProperty("errors").TryGetProperty("customer_params.consumer_number", out _));
        await WalletFlow.ProblemAsync(await FetchAsync(customer, "NETC00000NAT01", new { consumer_number = "MH12AB1234" }), HttpStatusCode.UnprocessableEntity, "fetch_not_supported");
        await WalletFlow.ProblemAsync(await FetchAsync(customer, "NOSUCHBILLER", new { consumer_number = "1" }), HttpStatusCode.NotFound);

        // FASTag takes no fetch: any amount in its range (100.00 to 100000.00).
        await WalletFlow.ProblemAsync(await PayAsync(customer, "NETC00000NAT01", new { consumer_number = "MH12AB1234" }, "99.99"), HttpStatusCode.UnprocessableEntity, "amount_out_of_range");
        var invalid = await KycFlow.OkJsonAsync(await PayAsync(customer, "NETC00000NAT01", new { consumer_number = "MH12AB1111" }, "100.00"), HttpStatusCode.Created);
        Assert.Equal("FAILED", invalid.GetProperty("status").GetString());
        var down = await KycFlow.OkJsonAsync(await PayAsync(customer, "NETC00000NAT01", new { consumer_number = "MH12AB0000" }, "100.00"), HttpStatusCode.Created);
        var slow = await KycFlow.OkJsonAsync(await PayAsync(customer, "NETC00000NAT01", new { consumer_number = "MH12AB3333" }, "100.00"), HttpStatusCode.Created);
        var lost = await KycFlow.OkJsonAsync(await PayAsync(customer, "NETC00000NAT01", new { consumer_number = "MH12AB4444" }, "100.00"), HttpStatusCode.Created);
        Assert.All(new[] { down, slow, lost }, p => Assert.Equal("PENDING", p.GetProperty("status").GetString()));
        Assert.Equal(30_000, RechargeFlow.Held(host, customer.UserCode));

        await ReconcileAsync(host, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal("FAILED", Status(host, down));
        Assert.Equal("PENDING", Status(host, slow));
        await ReconcileAsync(host, DateTime.UtcNow.AddMinutes(5));
        Assert.Equal("SUCCESS", Status(host, slow));
        Assert.Equal("FAILED", Status(host, lost));
        Assert.Equal(0, RechargeFlow.Held(host, customer.UserCode));
        Assert.Equal(90_000, WalletFlow.StoredPaise(host, customer.UserCode));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task ConcurrentPayments_NeverOverdraw_AndTheGatesHold(string engine)
    {
        var host = await HostAsync(engine);
        var customer = await FundedCustomerAsync(host, "1000.00");
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => PayAsync(customer, "NETC00000NAT01", new { consumer_number = $"KA0{i % 10}AB{KycFlow.RandomDigits(2)}55" }, "100.00")));
        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await WalletFlow.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "insufficient_funds");
        }
        Assert.Equal(0, WalletFlow.StoredPaise(host, customer.UserCode));
        var unverified = await KycFlow.StartAsync(host);
        await WalletFlow.ProblemAsync(await PayAsync(unverified, "NETC00000NAT01", new { consumer_number = "MH12AB1234" }, "100.00"), HttpStatusCode.Forbidden);
        var staff = await KycFlow.StartAsync(host, "admin", WalletFlow.Branch());
        host.Database.Execute($"UPDATE users SET kyc_status = 'verified' WHERE user_code = '{staff.UserCode}'");
        await WalletFlow.ProblemAsync(await PayAsync(staff, "NETC00000NAT01", new { consumer_number = "MH12AB1234" }, "100.00"), HttpStatusCode.Forbidden);
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task SavedBillers_Receipts_AndComplaints_ARefundIsALedgerEntry_AndCardsStayMasked(string engine)
    {
        var host = await HostAsync(engine);
        var customer = await FundedCustomerAsync(host, "5000.00");
        var other = await FundedCustomerAsync(host, "10.00");
        var card = "5" + KycFlow.RandomDigits(11) + "4321";
        var parameters = new { card_number = card, mobile = "97" + KycFlow.RandomDigits(8) };

        var saved = await KycFlow.OkJsonAsync(await customer.Client.PostAsJsonAsync("/api/v1/bills/saved/", new { biller_id = "SBIC00000NATDN", customer_params = parameters, nickname = "My SBI card" }),
            HttpStatusCode.Created);
        Assert.Equal("XXXXXXXXXXXX4321", saved.GetProperty("customer_params").GetProperty("card_number").GetString());
        await WalletFlow.ProblemAsync(await customer.Client.PostAsJsonAsync("/api/v1/bills/saved/", new { biller_id = "SBIC00000NATDN", customer_params = parameters, nickname = "Again" }),
            HttpStatusCode.Conflict, "already_saved");
        var list = await customer.Client.GetStringAsync("/api/v1/bills/saved/");
        Assert.Contains("My SBI card", list, StringComparison.Ordinal);
        Assert.DoesNotContain(card, list, StringComparison.Ordinal);
        Assert.DoesNotContain(card, await other.Client.GetStringAsync("/api/v1/bills/saved/"), StringComparison.Ordinal);
        await WalletFlow.ProblemAsync(await other.Client.DeleteAsync($"/api/v1/bills/saved/{saved.GetProperty("id").GetString()}/"), HttpStatusCode.NotFound);

        var bill = await KycFlow.OkJsonAsync(await FetchAsync(customer, "SBIC00000NATDN", parameters));
        // 250.00, or the whole bill when the sandbox's bill (100.00 to 9,100.00, from the random card) is smaller; the fee is a flat 5.00.
        var amount = Math.Min(25_000, Paise(bill.GetProperty("bill_amount").GetString()!));
        var paid = await KycFlow.OkJsonAsync(await PayAsync(customer, "SBIC00000NATDN", parameters, Money(amount), bill.GetProperty("fetch_id").GetString()), HttpStatusCode.Created);
        var paymentId = paid.GetProperty("payment_id").GetString()!;
        Assert.Equal(500_000 - amount - 500, WalletFlow.StoredPaise(host, customer.UserCode));

        // The receipt: a PDF with the reference and the masked card only.
        var pdf = await customer.Client.GetAsync($"/api/v1/bills/payments/{paymentId}/receipt?format=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        using (var document = UglyToad.PdfPig.PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync()))
        {
            var text = string.Join(" ", document.GetPages().Select(p => p.Text));
            Assert.Contains(paid.GetProperty("reference").GetString()!, text, StringComparison.Ordinal);
            Assert.Contains("XXXXXXXXXXXX4321", text, StringComparison.Ordinal);
            Assert.DoesNotContain(card, text, StringComparison.Ordinal);
        }
        await WalletFlow.ProblemAsync(await other.Client.GetAsync($"/api/v1/bills/payments/{paymentId}/receipt"), HttpStatusCode.NotFound);

        // A complaint, then a refund: the amount and fee come back by a compensating entry, once.
        await WalletFlow.ProblemAsync(await other.Client.PostAsJsonAsync($"/api/v1/bills/payments/{paymentId}/complaint", new { reason = "not mine" }), HttpStatusCode.NotFound);
        var complaint = await KycFlow.OkJsonAsync(await customer.Client.PostAsJsonAsync($"/api/v1/bills/payments/{paymentId}/complaint",
            new { reason = "Debited, but the card shows nothing after two days" }), HttpStatusCode.Created);
        await WalletFlow.ProblemAsync(await customer.Client.PostAsJsonAsync($"/api/v1/bills/payments/{paymentId}/complaint", new { reason = "again" }), HttpStatusCode.Conflict,
            "complaint_exists");
        var admin = await KycFlow.StartAsync(host, "admin", KycFlowTests.Scalar(host, $"SELECT branch_code FROM users WHERE user_code = '{customer.UserCode}'"));
        var elsewhere = await KycFlow.StartAsync(host, "admin", WalletFlow.Branch());
        var id = complaint.GetProperty("complaint_id").GetString()!;
        Assert.Contains((await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/admin/bills/complaints?status=OPEN&page_size=100"))).GetProperty("results").EnumerateArray(),
            c => c.GetProperty("complaint_id").GetString() == id);
        await WalletFlow.ProblemAsync(await elsewhere.Client.PostAsJsonAsync($"/api/v1/admin/bills/complaints/{id}/resolve", new { outcome = "refund", note = "x" }), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/bills/complaints/{id}/resolve", new { outcome = "maybe", note = "x" }), HttpStatusCode.BadRequest);
        var resolved = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/bills/complaints/{id}/resolve",
            new { outcome = "refund", note = "SBI Card confirms no credit" }));
        Assert.Equal(("RESOLVED", "refund"), (resolved.GetProperty("status").GetString(), resolved.GetProperty("outcome").GetString()));
        await WalletFlow.ProblemAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/bills/complaints/{id}/resolve", new { outcome = "refund", note = "twice" }),
            HttpStatusCode.Conflict, "complaint_resolved");
        Assert.Equal(500_000, WalletFlow.StoredPaise(host, customer.UserCode));
        Assert.Equal("REFUNDED", (await KycFlow.OkJsonAsync(await customer.Client.GetAsync($"/api/v1/bills/payments/{paymentId}/"))).GetProperty("status").GetString());
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Fact]
    public async Task FetchedBills_AreDeletedADayAfterTheyExpire_ByTheCleanup()
    {
        await using var host = new ApiHost(TestEngines.Sqlite, RechargeFlow.Settings());
        await RechargeFlow.RunCommandAsync(host, "populate-billers");
        var customer = await LedgerFlow.CustomerAsync(host, WalletFlow.Branch());
        var bill = await KycFlow.OkJsonAsync(await FetchAsync(customer, "DJB000000DEL01", new { consumer_number = KycFlow.RandomDigits(6) + "8181" }));
        var validUntil = bill.GetProperty("valid_until").GetDateTime().ToUniversalTime();
        var cleanup = host.Services.GetServices<ICleanupTask>().Single(t => t.Name == "bill fetches");
        Assert.Equal(0, await cleanup.CleanAsync(validUntil.AddHours(23), CancellationToken.None));
        Assert.Equal(1, await cleanup.CleanAsync(validUntil.AddHours(25), CancellationToken.None));
        Assert.Equal("0", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM bill_fetches"));
    }

    internal static async Task<ApiHost> HostAsync(string engine)
    {
        var host = RechargeFlow.Host(engine);
        await Catalogues.GetOrAdd(host, h => new Lazy<Task>(() => RechargeFlow.RunCommandAsync(h, "populate-billers"))).Value;
        return host;
    }

    internal static async Task<KycFlow> FundedCustomerAsync(ApiHost host, string amount)
    {
        var customer = await LedgerFlow.CustomerAsync(host, WalletFlow.Branch());
        await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(customer.Client, "add-money/", new { amount }), HttpStatusCode.Created);
        return customer;
    }

    internal static Task<HttpResponseMessage> FetchAsync(KycFlow user, string billerId, object parameters) =>
        user.Client.PostAsJsonAsync("/api/v1/bills/fetch/", new { biller_id = billerId, customer_params = parameters });

    internal static Task<HttpResponseMessage> PayAsync(KycFlow user, string billerId, object parameters, string amount, string? fetchId = null, string? account = null) =>
        user.Client.PostAsJsonAsync("/api/v1/bills/pay/", new
        {
            biller_id = billerId, customer_params = parameters, amount, fetch_id = fetchId, pay_from = account is null ? "wallet" : "account_number", account_number = account,
        });

    private static async Task ReconcileAsync(ApiHost host, DateTime at)
    {
        await using var scope = host.Services.CreateAsyncScope();
        foreach (var task in scope.ServiceProvider.GetServices<IReconciliationTask>())
        {
            await task.RunAsync(at, CancellationToken.None);
        }
    }

    private static string Status(ApiHost host, JsonElement payment) =>
        KycFlowTests.Scalar(host, $"SELECT status FROM bill_payments WHERE payment_id = '{payment.GetProperty("payment_id").GetString()}'")!;

    private static long Paise(string amount) => (long)(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture) * 100m);

    private static string Money(long paise) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{paise / 100}.{paise % 100:D2}");
}
