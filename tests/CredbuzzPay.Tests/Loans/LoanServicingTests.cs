using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Wallets;

namespace CredbuzzPay.Tests.Loans;

/// <summary>
/// Servicing on a fake clock, every engine: the auto-debit on each due date with and without funds, daily retries through the grace with a
/// notice each, penalties once per period, days past due and buckets, and a manual payment's allocation (penalties, interest, principal).
/// Expected amounts come from the hand-worked 12-month table (AmortisationTests), not from the service.
/// </summary>
public sealed class LoanServicingTests
{
    [Theory, EngineData]
    public async Task AutoDebit_CollectsOnTheDueDate_ElseRetriesDailyThroughGraceAndNotifies_ThenPenaltiesOncePerPeriod_AndAllocationOrder(string engine)
    {
        var flow = await LoanFlow.StartAsync(engine);
        await using var host = flow.Host;
        var loan = await flow.DisbursedAsync(await flow.ProductAsync(penalty: "500.00", grace: 3));
        var loanId = loan.GetProperty("loan_id").GetString()!;
        var loanAccount = loan.GetProperty("loan_account_number").GetString()!;
        Assert.Equal(500_000 + 9_823_000, flow.Stored(flow.Savings));
        var interestIncome = flow.Stored(LoanFlow.LoanInterestIncome);
        var penaltyIncome = flow.Stored(LoanFlow.PenaltyIncome);

        // Nothing is due before the first due date.
        await flow.JumpAsync(InterestTests.At(2026, 4, 9, 23));
        Assert.Equal((0, 0), await flow.ServiceAsync());

        // Due date 10 April, funds enough: the EMI is taken once, however often the job runs.
        await flow.JumpAsync(InterestTests.At(2026, 4, 10, 0, 20));
        Assert.Equal((1, 0), await flow.ServiceAsync());
        Assert.Equal((0, 0), await flow.ServiceAsync());
        Assert.Equal(10_323_000 - 888_488, flow.Stored(flow.Savings));
        Assert.Equal(-(10_000_000 - 788_488), flow.Stored(loanAccount));
        Assert.Equal(interestIncome + 100_000, flow.Stored(LoanFlow.LoanInterestIncome));
        var view = await flow.LoanAsync(loanId);
        Assert.Equal(("92115.12", "0.00", "2026-05-10", "8884.88"), (view.GetProperty("outstanding_principal").GetString(), view.GetProperty("amount_due").GetString(),
            view.GetProperty("next_due_date").GetString(), view.GetProperty("next_due_amount").GetString()));
        Assert.Equal(("PAID", "2026-04-10"), (Schedule(view)[0].GetProperty("status").GetString(), Schedule(view)[0].GetProperty("paid_on").GetString()));
        var repayment = view.GetProperty("repayments")[0];
        Assert.Equal(("AUTO_DEBIT", "8884.88", "1000.00", "7884.88", "0.00"), (repayment.GetProperty("kind").GetString(), repayment.GetProperty("amount").GetString(),
            repayment.GetProperty("interest").GetString(), repayment.GetProperty("principal").GetString(), repayment.GetProperty("penalty").GetString()));

        // Without funds (5,000.00 left): nothing is taken, never a part; one attempt and one notice a day through the grace (10-13 May).
        await flow.DrainAsync("5000.00");
        var mobile = flow.Customer.Registration.Mobile;
        await flow.JumpAsync(InterestTests.At(2026, 5, 10, 0, 20));
        Assert.Equal((0, 1), await flow.ServiceAsync());
        Assert.Equal((0, 0), await flow.ServiceAsync());
        Assert.Equal(500_000, flow.Stored(flow.Savings));
        await host.WaitForPickupAsync(m => IsNotice(m, mobile, loanId));
        await flow.JumpAsync(InterestTests.At(2026, 5, 11, 0, 20));
        Assert.Equal((0, 1), await flow.ServiceAsync());
        await WaitForNoticesAsync(host, mobile, loanId, 2);
        view = await flow.LoanAsync(loanId);
        Assert.Equal(("DUE", 1, "1-30", "0.00"), (Schedule(view)[1].GetProperty("status").GetString(), view.GetProperty("days_past_due").GetInt32(),
            view.GetProperty("bucket").GetString(), view.GetProperty("penalty_due").GetString()));

        // 14 May: past the grace, overdue; no more attempts; one penalty for the period, however often the job runs.
        await flow.JumpAsync(InterestTests.At(2026, 5, 14, 0, 20));
        Assert.Equal((0, 0), await flow.ServiceAsync());
        Assert.Equal((0, 0), await flow.ServiceAsync());
        view = await flow.LoanAsync(loanId);
        Assert.Equal(("OVERDUE", 4, "1-30", "500.00", "921.15", "9384.88"), (Schedule(view)[1].GetProperty("status").GetString(), view.GetProperty("days_past_due").GetInt32(),
            view.GetProperty("bucket").GetString(), view.GetProperty("penalty_due").GetString(), view.GetProperty("interest_due").GetString(),
            view.GetProperty("overdue_amount").GetString()));
        Assert.Equal(2, Notices(host, mobile, loanId));
        Assert.Equal("50000", flow.Scalar($"SELECT SUM(i.penalty_paise) FROM loan_instalments i JOIN loans l ON l.id = i.loan_id WHERE l.loan_id = '{loanId}'"));

        // A part payment of 1,000.00 goes to the penalty first (500.00), then interest (500.00), no principal.
        var part = await KycFlow.OkJsonAsync(await flow.RepayAsync(loanId, "1000.00"), HttpStatusCode.Created);
        Assert.Equal(("MANUAL", "500.00", "500.00", "0.00", "0.00"), (part.GetProperty("repayment").GetProperty("kind").GetString(),
            part.GetProperty("repayment").GetProperty("penalty").GetString(), part.GetProperty("repayment").GetProperty("interest").GetString(),
            part.GetProperty("repayment").GetProperty("principal").GetString(), part.GetProperty("repayment").GetProperty("prepaid").GetString()));
        Assert.Equal(penaltyIncome + 50_000, flow.Stored(LoanFlow.PenaltyIncome));
        Assert.Equal(interestIncome + 150_000, flow.Stored(LoanFlow.LoanInterestIncome));
        Assert.Equal(-(10_000_000 - 788_488), flow.Stored(loanAccount));
        Assert.Equal(400_000, flow.Stored(flow.Savings));

        // 13 June: a second period for instalment 2 (a second penalty); instalment 3 (due 10 June) is in its grace, so an attempt is made and fails.
        await flow.JumpAsync(InterestTests.At(2026, 6, 13, 0, 20));
        Assert.Equal((0, 1), await flow.ServiceAsync());
        view = await flow.LoanAsync(loanId);
        Assert.Equal((34, "31-60", "500.00"), (view.GetProperty("days_past_due").GetInt32(), view.GetProperty("bucket").GetString(), view.GetProperty("penalty_due").GetString()));
        Assert.Equal(("OVERDUE", "DUE"), (Schedule(view)[1].GetProperty("status").GetString(), Schedule(view)[2].GetProperty("status").GetString()));
        // Due now: instalment 2's 421.15 interest and 7,963.73 principal with 500.00 penalty, and instalment 3's 8,884.88.
        Assert.Equal(50_000 + 42_115 + 796_373 + 888_488, LoanFlow.Paise(view, "amount_due"));

        // Paying exactly what is due settles both; the loan is current again.
        var deposit = await LedgerFlow.PostAsync(flow.CustomerClient, new { transaction_type = "DEPOSIT", to_account_number = flow.Savings, amount = "20000.00" });
        await KycFlow.OkJsonAsync(deposit, HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await flow.RepayAsync(loanId, view.GetProperty("amount_due").GetString()!), HttpStatusCode.Created);
        view = await flow.LoanAsync(loanId);
        Assert.Equal((0, "current", "0.00", "76108.02"), (view.GetProperty("days_past_due").GetInt32(), view.GetProperty("bucket").GetString(),
            view.GetProperty("amount_due").GetString(), view.GetProperty("outstanding_principal").GetString()));
        Assert.Equal(new[] { "PAID", "PAID", "PAID", "UPCOMING" }, Schedule(view).Take(4).Select(i => i.GetProperty("status").GetString()).ToArray());
        Assert.Equal(-7_610_802, flow.Stored(loanAccount));
        Assert.Equal(penaltyIncome + 100_000, flow.Stored(LoanFlow.PenaltyIncome));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    private static List<JsonElement> Schedule(JsonElement view) => view.GetProperty("schedule").EnumerateArray().ToList();

    private static bool IsNotice(JsonElement message, string mobile, string loanId) =>
        message.GetProperty("to").GetString() == mobile && message.GetProperty("body").GetString()!.Contains(loanId, StringComparison.Ordinal)
        && message.GetProperty("body").GetString()!.Contains("could not collect", StringComparison.Ordinal);

    private static int Notices(ApiHost host, string mobile, string loanId) => host.PickupMessages().Count(m => IsNotice(m, mobile, loanId));

    private static async Task WaitForNoticesAsync(ApiHost host, string mobile, string loanId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Notices(host, mobile, loanId) < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Equal(count, Notices(host, mobile, loanId));
    }
}
