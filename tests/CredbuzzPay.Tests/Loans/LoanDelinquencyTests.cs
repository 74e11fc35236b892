using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Wallets;

namespace CredbuzzPay.Tests.Loans;

/// <summary>Delinquency to NPA, the portfolio report against the ledger, and rescheduling and write-off through maker-checker.</summary>
public sealed class LoanDelinquencyTests
{
    [Theory, EngineData]
    public async Task NinetyDaysPastDue_IsNpa_TheReportMatchesTheLedger_AndRescheduleAndWriteOffNeedASecondStaffMember(string engine)
    {
        var flow = await LoanFlow.StartAsync(engine, savings: "0.00");
        await using var host = flow.Host;
        var productId = await flow.ProductAsync(penalty: "500.00", grace: 3);
        var first = (await flow.DisbursedAsync(productId)).GetProperty("loan_id").GetString()!;
        var second = await flow.DisbursedAsync(productId);
        var secondId = second.GetProperty("loan_id").GetString()!;
        var secondAccount = second.GetProperty("loan_account_number").GetString()!;
        await flow.DrainAsync("0.00");

        // 10 July: 91 days past the first due date (10 April). Penalties: instalment 1 three periods, 2 two, 3 one; 4 is due today.
        await flow.JumpAsync(InterestTests.At(2026, 7, 10, 0, 30));
        Assert.Equal((0, 2), await flow.ServiceAsync());
        var view = await flow.LoanAsync(first);
        Assert.Equal((91, "90+", true, "3000.00"), (view.GetProperty("days_past_due").GetInt32(), view.GetProperty("bucket").GetString(), view.GetProperty("npa").GetBoolean(),
            view.GetProperty("penalty_due").GetString()));
        // Interest due on instalments 1-4 of the hand-worked table: 1,000.00 + 921.15 + 841.51 + 761.08.
        Assert.Equal("3523.74", view.GetProperty("interest_due").GetString());

        var maker = await flow.StaffAsync(flow.Maker);
        var checker = await flow.StaffAsync(flow.Checker);
        var report = await KycFlow.OkJsonAsync(await checker.GetAsync("/api/v1/admin/loans/report"));
        var ledgerOutstanding = -Convert.ToInt64(host.Database.Scalar("SELECT SUM(balance_paise) FROM ledger_accounts WHERE kind = 'LOAN'"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(20_000_000, ledgerOutstanding);
        Assert.Equal((2, "200000.00", "200000.00", true, 2), (report.GetProperty("active_loans").GetInt32(), report.GetProperty("outstanding_principal").GetString(),
            report.GetProperty("ledger_outstanding").GetString(), report.GetProperty("matches_ledger").GetBoolean(), report.GetProperty("npa_loans").GetInt32()));
        var npaLine = report.GetProperty("buckets").EnumerateArray().Single(b => b.GetProperty("bucket").GetString() == "90+");
        Assert.Equal((2, "200000.00"), (npaLine.GetProperty("loans").GetInt32(), npaLine.GetProperty("outstanding_principal").GetString()));
        var auditor = await KycFlow.StartAsync(host, "auditor");
        Assert.Equal(2, (await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/loans/report"))).GetProperty("active_loans").GetInt32());
        await WalletFlow.ProblemAsync(await auditor.Client.PostAsJsonAsync($"/api/v1/admin/loans/{first}/write-off", new { reason = "auditor tries" }), HttpStatusCode.Forbidden);
        var stranger = await KycFlow.StartAsync(host, "admin", "ZZ" + KycFlow.RandomDigits(6));
        await WalletFlow.ProblemAsync(await stranger.Client.PostAsJsonAsync($"/api/v1/admin/loans/{first}/write-off", new { reason = "not mine" }), HttpStatusCode.NotFound);
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await stranger.Client.GetAsync("/api/v1/admin/loans/report"))).GetProperty("active_loans").GetInt32());

        // Reschedule the first over 24 months: the maker cannot approve; the checker does; nothing moves in the books.
        var asked = await KycFlow.OkJsonAsync(await maker.PostAsJsonAsync($"/api/v1/admin/loans/{first}/reschedule", new { term_months = 24, reason = "job loss, restructured" }),
            HttpStatusCode.Accepted);
        var requestId = asked.GetProperty("request_id").GetString()!;
        await WalletFlow.ProblemAsync(await maker.PostAsJsonAsync($"/api/v1/admin/loans/{first}/write-off", new { reason = "second request" }), HttpStatusCode.Conflict, "request_pending");
        await WalletFlow.ProblemAsync(await maker.PostAsync($"/api/v1/admin/loans/requests/{requestId}/approve", null), HttpStatusCode.Forbidden, "maker_cannot_approve");
        var approved = await KycFlow.OkJsonAsync(await checker.PostAsync($"/api/v1/admin/loans/requests/{requestId}/approve", null));
        Assert.Equal("APPROVED", approved.GetProperty("status").GetString());
        await WalletFlow.ProblemAsync(await checker.PostAsync($"/api/v1/admin/loans/requests/{requestId}/approve", null), HttpStatusCode.Conflict, "request_not_pending");
        view = await flow.LoanAsync(first);
        var open = view.GetProperty("schedule").EnumerateArray().Where(i => i.GetProperty("status").GetString() is "UPCOMING").ToList();
        Assert.Equal((24, 0, "current", "100000.00"), (open.Count, view.GetProperty("days_past_due").GetInt32(), view.GetProperty("bucket").GetString(),
            view.GetProperty("outstanding_principal").GetString()));
        // The 24-month EMI of 1,00,000.00 at 12 % is 4,707.35; the first new instalment (10 August) carries the 3,523.74 interest and 3,000.00 penalties owed.
        Assert.Equal("4707.35", view.GetProperty("emi").GetString());
        Assert.Equal(("2026-08-10", "3707.35", "4523.74", "3000.00"), (open[0].GetProperty("due_date").GetString(), open[0].GetProperty("principal").GetString(),
            open[0].GetProperty("interest").GetString(), open[0].GetProperty("penalty").GetString()));
        Assert.Equal(10_000_000, open.Sum(i => LoanFlow.Paise(i, "principal")));

        // Write the second off: its principal to loan losses in one entry; the loan ends; nothing more is paid on it.
        var losses = flow.Stored(LoanFlow.LoanLosses);
        var writeOff = await KycFlow.OkJsonAsync(await checker.PostAsJsonAsync($"/api/v1/admin/loans/{secondId}/write-off", new { reason = "NPA, recovery exhausted" }),
            HttpStatusCode.Accepted);
        await WalletFlow.ProblemAsync(await checker.PostAsync($"/api/v1/admin/loans/requests/{writeOff.GetProperty("request_id").GetString()}/approve", null), HttpStatusCode.Forbidden,
            "maker_cannot_approve");
        var rejectedReason = await WalletFlow.ProblemAsync(await maker.PostAsJsonAsync($"/api/v1/admin/loans/requests/{writeOff.GetProperty("request_id").GetString()}/reject", new { }),
            HttpStatusCode.BadRequest);
        Assert.True(rejectedReason.GetProperty("errors").TryGetProperty("reason", out _));
        await KycFlow.OkJsonAsync(await maker.PostAsync($"/api/v1/admin/loans/requests/{writeOff.GetProperty("request_id").GetString()}/approve", null));
        Assert.Equal(0, flow.Stored(secondAccount));
        Assert.Equal(losses - 10_000_000, flow.Stored(LoanFlow.LoanLosses));
        var writtenOff = await flow.LoanAsync(secondId);
        Assert.Equal(("WRITTEN_OFF", "100000.00", "0.00"), (writtenOff.GetProperty("status").GetString(), writtenOff.GetProperty("written_off").GetString(),
            writtenOff.GetProperty("outstanding_principal").GetString()));
        await WalletFlow.ProblemAsync(await flow.RepayAsync(secondId, "10.00"), HttpStatusCode.Conflict, "loan_not_active");
        Assert.Equal("LOAN_WRITE_OFF", flow.Scalar($"SELECT e.entry_type FROM ledger_entries e JOIN loan_requests r ON r.entry_id = e.id WHERE r.request_id = '{writeOff.GetProperty("request_id").GetString()}'"));

        report = await KycFlow.OkJsonAsync(await checker.GetAsync("/api/v1/admin/loans/report"));
        Assert.Equal((1, "100000.00", true, 0, 1, "100000.00"), (report.GetProperty("active_loans").GetInt32(), report.GetProperty("ledger_outstanding").GetString(),
            report.GetProperty("matches_ledger").GetBoolean(), report.GetProperty("npa_loans").GetInt32(), report.GetProperty("written_off_loans").GetInt32(),
            report.GetProperty("written_off").GetString()));
        var requests = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/loans/requests/?status=APPROVED"));
        Assert.Equal(2, requests.GetProperty("count").GetInt32());
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }
}
