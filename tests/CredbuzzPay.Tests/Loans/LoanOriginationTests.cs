using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Wallets;

namespace CredbuzzPay.Tests.Loans;

/// <summary>Products, applications and their quotes, maker-checker approval and disbursement with the fee and GST, on every engine through HTTP.</summary>
public sealed class LoanOriginationTests
{
    [Theory, EngineData]
    public async Task Apply_QuotesTheSchedule_MakerThenCheckerApprove_AndDisbursementPostsFeeAndGstInOneEntry(string engine)
    {
        var flow = await LoanFlow.StartAsync(engine, secondApproval: "50000.00");
        await using var host = flow.Host;
        var productId = await flow.ProductAsync();

        // Bad input: a 400 naming the fields, nothing written.
        var bad = await WalletFlow.ProblemAsync(await flow.CustomerClient.PostAsJsonAsync("/api/v1/loans/applications/", new { product_id = productId, principal = "-5", term_months = 0 }),
            HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("principal", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("purpose", out _));
        await WalletFlow.ProblemAsync(await flow.ApplyAsync(productId, principal: "5000.00"), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await flow.ApplyAsync(productId, term: 120), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await flow.ApplyAsync(productId, account: LedgerFlow.UnusedNumber()), HttpStatusCode.NotFound);
        var other = await LedgerFlow.CustomerAsync(host, flow.Branch);
        var othersAccount = await LedgerFlow.OpenAsync(other);
        await WalletFlow.ProblemAsync(await flow.ApplyAsync(productId, account: othersAccount), HttpStatusCode.NotFound);
        var unverified = await KycFlow.StartAsync(host, branch: flow.Branch);
        await WalletFlow.ProblemAsync(await flow.ApplyAsync(productId, client: unverified.Client), HttpStatusCode.Forbidden);
        Assert.Equal("0", flow.Scalar("SELECT COUNT(*) FROM loan_applications"));

        // The quote: 1,00,000.00 over 12 months at 12 %: EMI 8,884.88; fee 1.50 % = 1,500.00 and GST 18 % of it = 270.00; 98,230.00 paid in.
        var quote = await KycFlow.OkJsonAsync(await flow.ApplyAsync(productId), HttpStatusCode.Created);
        var applicationId = quote.GetProperty("application_id").GetString()!;
        Assert.Equal(("SUBMITTED", "8884.88", "1500.00", "270.00", "98230.00"), (quote.GetProperty("status").GetString(), quote.GetProperty("emi").GetString(),
            quote.GetProperty("processing_fee").GetString(), quote.GetProperty("gst_on_fee").GetString(), quote.GetProperty("net_disbursal").GetString()));
        var lines = quote.GetProperty("schedule").EnumerateArray().ToList();
        Assert.Equal(12, lines.Count);
        Assert.Equal(("2026-04-10", "7884.88", "1000.00", "92115.12"), (lines[0].GetProperty("due_date").GetString(), lines[0].GetProperty("principal").GetString(),
            lines[0].GetProperty("interest").GetString(), lines[0].GetProperty("balance_after").GetString()));
        Assert.Equal(("8796.88", "87.97", "8884.85", "0.00"), (lines[11].GetProperty("principal").GetString(), lines[11].GetProperty("interest").GetString(),
            lines[11].GetProperty("emi").GetString(), lines[11].GetProperty("balance_after").GetString()));
        Assert.Equal(10_000_000, lines.Sum(l => LoanFlow.Paise(l, "principal")));
        Assert.Equal("6618.53", quote.GetProperty("total_interest").GetString());
        var listed = await KycFlow.OkJsonAsync(await flow.CustomerClient.GetAsync("/api/v1/loans/applications/"));
        Assert.Equal(1, listed.GetProperty("count").GetInt32());
        await WalletFlow.ProblemAsync(await other.Client.GetAsync($"/api/v1/loans/applications/{applicationId}/"), HttpStatusCode.NotFound);

        // Maker-checker: the first approval recommends; the maker cannot approve it; staff of another branch do not see it; an auditor acts on nothing.
        var maker = await flow.StaffAsync(flow.Maker);
        var checker = await flow.StaffAsync(flow.Checker);
        var stranger = await KycFlow.StartAsync(host, "admin", "ZZ" + KycFlow.RandomDigits(6));
        var auditor = await KycFlow.StartAsync(host, "auditor");
        var queue = await KycFlow.OkJsonAsync(await maker.GetAsync($"/api/v1/admin/loans/applications/?status=SUBMITTED&product_id={productId}&max_age_days=1"));
        Assert.Equal(applicationId, queue.GetProperty("results")[0].GetProperty("application_id").GetString());
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await stranger.Client.GetAsync("/api/v1/admin/loans/applications/"))).GetProperty("count").GetInt32());
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await maker.GetAsync("/api/v1/admin/loans/applications/?min_age_days=1"))).GetProperty("count").GetInt32());
        await WalletFlow.ProblemAsync(await checker.PostAsync($"/api/v1/admin/loans/applications/{applicationId}/disburse", null), HttpStatusCode.Conflict, "application_not_approved");
        await WalletFlow.ProblemAsync(await auditor.Client.PostAsync($"/api/v1/admin/loans/applications/{applicationId}/approve", null), HttpStatusCode.Forbidden);
        await WalletFlow.ProblemAsync(await stranger.Client.PostAsync($"/api/v1/admin/loans/applications/{applicationId}/approve", null), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await flow.CustomerClient.PostAsync($"/api/v1/admin/loans/applications/{applicationId}/approve", null), HttpStatusCode.Forbidden);
        var recommended = await KycFlow.OkJsonAsync(await maker.PostAsync($"/api/v1/admin/loans/applications/{applicationId}/approve", null));
        Assert.Equal(("RECOMMENDED", flow.Maker.UserCode), (recommended.GetProperty("status").GetString(), recommended.GetProperty("recommended_by").GetString()));
        await WalletFlow.ProblemAsync(await maker.PostAsync($"/api/v1/admin/loans/applications/{applicationId}/approve", null), HttpStatusCode.Forbidden, "maker_cannot_approve");
        await WalletFlow.ProblemAsync(await stranger.Client.PostAsync($"/api/v1/admin/loans/applications/{applicationId}/approve", null), HttpStatusCode.NotFound);
        // Above Loans:SecondApprovalAmount (50,000.00 here) the second approval is a super_admin's.
        await WalletFlow.ProblemAsync(await checker.PostAsync($"/api/v1/admin/loans/applications/{applicationId}/approve", null), HttpStatusCode.Forbidden, "super_admin_required");
        var superAdmin = await flow.StaffAsync(flow.SuperAdmin);
        var approved = await KycFlow.OkJsonAsync(await superAdmin.PostAsync($"/api/v1/admin/loans/applications/{applicationId}/approve", null));
        Assert.Equal(("APPROVED", flow.SuperAdmin.UserCode), (approved.GetProperty("status").GetString(), approved.GetProperty("approved_by").GetString()));
        await WalletFlow.ProblemAsync(await checker.PostAsJsonAsync($"/api/v1/admin/loans/applications/{applicationId}/reject", new { reason = "too late" }), HttpStatusCode.Conflict,
            "application_not_open");

        // Disbursement: one entry, the loan account debited the principal, the customer credited it less fee and GST.
        var before = flow.Stored(flow.Savings);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/admin/loans/applications/{applicationId}/disburse");
        request.Headers.Add("Idempotency-Key", "disburse-" + applicationId);
        var loan = await KycFlow.OkJsonAsync(await checker.SendAsync(request), HttpStatusCode.Created);
        var replay = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/admin/loans/applications/{applicationId}/disburse");
        replay.Headers.Add("Idempotency-Key", "disburse-" + applicationId);
        Assert.Equal(loan.GetProperty("loan_id").GetString(), (await KycFlow.OkJsonAsync(await checker.SendAsync(replay), HttpStatusCode.Created)).GetProperty("loan_id").GetString());
        var loanId = loan.GetProperty("loan_id").GetString()!;
        var loanAccount = loan.GetProperty("loan_account_number").GetString()!;
        Assert.StartsWith("LON", loanAccount, StringComparison.Ordinal);
        Assert.Equal(before + 9_823_000, flow.Stored(flow.Savings));
        Assert.Equal(-10_000_000, flow.Stored(loanAccount));
        var transactionId = flow.Scalar($"SELECT e.transaction_id FROM ledger_entries e JOIN loans l ON l.entry_id = e.id WHERE l.loan_id = '{loanId}'");
        var postings = WalletFlow.Postings(host, transactionId);
        Assert.Equal(4, postings.Count);
        Assert.Contains((loanAccount, -10_000_000L), postings);
        Assert.Contains((flow.Savings, 9_823_000L), postings);
        Assert.Contains((LoanFlow.GstPayable, 27_000L), postings);
        Assert.Single(postings, p => p.Account.StartsWith("SYS0000", StringComparison.Ordinal) && p.Account != LoanFlow.GstPayable && p.Paise == 150_000);
        Assert.Equal("1", flow.Scalar("SELECT COUNT(*) FROM loans"));
        Assert.Equal("LOAN_DISBURSAL", flow.Scalar($"SELECT entry_type FROM ledger_entries WHERE transaction_id = '{transactionId}'"));

        var view = await flow.LoanAsync(loanId);
        Assert.Equal(("ACTIVE", "100000.00", "2026-04-10", "8884.88", "current"), (view.GetProperty("status").GetString(), view.GetProperty("outstanding_principal").GetString(),
            view.GetProperty("next_due_date").GetString(), view.GetProperty("next_due_amount").GetString(), view.GetProperty("bucket").GetString()));
        Assert.All(view.GetProperty("schedule").EnumerateArray(), i => Assert.Equal("UPCOMING", i.GetProperty("status").GetString()));
        await WalletFlow.ProblemAsync(await other.Client.GetAsync($"/api/v1/loans/{loanId}/"), HttpStatusCode.NotFound);
        Assert.Equal(loanId, (await KycFlow.OkJsonAsync(await maker.GetAsync($"/api/v1/loans/{loanId}/"))).GetProperty("loan_id").GetString());
        await WalletFlow.ProblemAsync(await stranger.Client.GetAsync($"/api/v1/loans/{loanId}/"), HttpStatusCode.NotFound);
        Assert.Equal(1, (await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/loans/"))).GetProperty("count").GetInt32());

        // The loan account moves only through the loan: no customer transfer into it, no staff reversal of its entries.
        await WalletFlow.ProblemAsync(await LedgerFlow.TransferAsync(flow.CustomerClient, flow.Savings, loanAccount, "10.00"), HttpStatusCode.UnprocessableEntity, "loan_account");
        await WalletFlow.ProblemAsync(await superAdmin.PostAsJsonAsync($"/api/v1/admin/transactions/{transactionId}/reverse", new { reason = "test reversal" }),
            HttpStatusCode.UnprocessableEntity, "not_reversible");
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task Products_AreWrittenBySuperAdminsOnly_AndValidatedField_ByField(string engine)
    {
        var flow = await LoanFlow.StartAsync(engine);
        await using var host = flow.Host;
        var maker = await flow.StaffAsync(flow.Maker);
        await WalletFlow.ProblemAsync(await maker.PostAsJsonAsync("/api/v1/admin/loan-products/", new { name = "x" }), HttpStatusCode.Forbidden);
        var superAdmin = await flow.StaffAsync(flow.SuperAdmin);
        var bad = await WalletFlow.ProblemAsync(await superAdmin.PostAsJsonAsync("/api/v1/admin/loan-products/", new
        {
            name = "Bad", min_principal = "50000.00", max_principal = "1000.00", min_term_months = 12, max_term_months = 6, interest_rate = "75.00",
            processing_fee = new { type = "WEIRD", value = "1" }, late_payment_penalty = "-1", grace_days = 40,
        }), HttpStatusCode.BadRequest);
        var fields = bad.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "max_principal", "max_term_months", "interest_rate", "processing_fee", "late_payment_penalty", "grace_days" }, fields);
        Assert.Equal("0", flow.Scalar("SELECT COUNT(*) FROM loan_products"));
        var productId = await flow.ProductAsync();
        var changed = await KycFlow.OkJsonAsync(await superAdmin.PutAsJsonAsync($"/api/v1/admin/loan-products/{productId}/", new { active = false, interest_rate = "13.50" }));
        Assert.Equal(("13.50", false), (changed.GetProperty("interest_rate").GetString(), changed.GetProperty("active").GetBoolean()));
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await flow.CustomerClient.GetAsync("/api/v1/loans/products/"))).GetProperty("count").GetInt32());
        await WalletFlow.ProblemAsync(await flow.ApplyAsync(productId), HttpStatusCode.UnprocessableEntity, "product_inactive");
        Assert.Equal(1, (await KycFlow.OkJsonAsync(await maker.GetAsync("/api/v1/admin/loan-products/"))).GetProperty("count").GetInt32());
    }
}
