using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Wallets;

namespace CredbuzzPay.Tests.Loans;

/// <summary>Prepayment within the product's rule (lock-in, limit) and its re-amortisation, replay by Idempotency-Key, and foreclosure at the quote.</summary>
public sealed class LoanRepaymentTests
{
    [Theory, EngineData]
    public async Task Prepayment_WithinTheRuleReamortises_OutsideItIsRefusedWithTheReason_AndForeclosurePaysTheQuote(string engine)
    {
        var flow = await LoanFlow.StartAsync(engine, savings: "50000.00");
        await using var host = flow.Host;
        var loan = await flow.DisbursedAsync(await flow.ProductAsync(lockIn: 1, maxPercent: 25));
        var loanId = loan.GetProperty("loan_id").GetString()!;
        var loanAccount = loan.GetProperty("loan_account_number").GetString()!;

        // Within the month's lock-in, with nothing due, any payment is a prepayment: refused.
        await flow.JumpAsync(InterestTests.At(2026, 3, 20, 12));
        var locked = await WalletFlow.ProblemAsync(await flow.RepayAsync(loanId, "5000.00"), HttpStatusCode.UnprocessableEntity, "prepayment_locked");
        Assert.Contains("2026-04-10", locked.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await WalletFlow.ProblemAsync(await flow.CustomerClient.PostAsJsonAsync($"/api/v1/loans/{loanId}/foreclose", new { from_account_number = flow.Savings }),
            HttpStatusCode.UnprocessableEntity, "prepayment_locked");

        await flow.JumpAsync(InterestTests.At(2026, 4, 10, 0, 30));
        Assert.Equal((1, 0), await flow.ServiceAsync());

        // 15 April: at most 25 % of the 92,115.12 outstanding (23,028.78) at once.
        await flow.JumpAsync(InterestTests.At(2026, 4, 15, 12));
        var savings = flow.Stored(flow.Savings);
        var above = await WalletFlow.ProblemAsync(await flow.RepayAsync(loanId, "30000.00"), HttpStatusCode.UnprocessableEntity, "prepayment_above_limit");
        Assert.Contains("23028.78", above.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await WalletFlow.ProblemAsync(await flow.RepayAsync(loanId, "0"), HttpStatusCode.BadRequest);
        Assert.Equal(savings, flow.Stored(flow.Savings));

        var key = "prepay-" + loanId;
        var prepaid = await KycFlow.OkJsonAsync(await flow.RepayAsync(loanId, "20000.00", key), HttpStatusCode.Created);
        var replayed = await KycFlow.OkJsonAsync(await flow.RepayAsync(loanId, "20000.00", key), HttpStatusCode.Created);
        Assert.Equal(prepaid.GetProperty("repayment").GetProperty("transaction_id").GetString(), replayed.GetProperty("repayment").GetProperty("transaction_id").GetString());
        Assert.Equal(("20000.00", "0.00"), (prepaid.GetProperty("repayment").GetProperty("prepaid").GetString(), prepaid.GetProperty("repayment").GetProperty("interest").GetString()));
        Assert.Equal(savings - 2_000_000, flow.Stored(flow.Savings));
        Assert.Equal(-7_211_512, flow.Stored(loanAccount));

        // The eleven instalments left are re-amortised on 72,115.12 at 1 % a month, on the same due days; the EMI worked out here in decimal.
        var view = prepaid.GetProperty("loan");
        var open = view.GetProperty("schedule").EnumerateArray().Where(i => i.GetProperty("status").GetString() == "UPCOMING").ToList();
        Assert.Equal(11, open.Count);
        var emi = Emi(72_115.12m, 0.01m, 11);
        Assert.Equal(LoanFlow.Money(emi), view.GetProperty("emi").GetString());
        Assert.Equal(("2026-05-10", "721.15"), (open[0].GetProperty("due_date").GetString(), open[0].GetProperty("interest").GetString()));
        Assert.Equal(LoanFlow.Money(emi - 72_115), open[0].GetProperty("principal").GetString());
        Assert.Equal("2027-03-10", open[10].GetProperty("due_date").GetString());
        Assert.Equal(7_211_512, open.Sum(i => LoanFlow.Paise(i, "principal")));
        Assert.Equal("72115.12", view.GetProperty("outstanding_principal").GetString());

        // Foreclosure on 15 April: the principal and five days' interest on it (actual/365), worked out here.
        var accrued = (long)Math.Round(72_115.12m * 0.12m * 5m / 365m * 100m, MidpointRounding.AwayFromZero);
        var quote = await KycFlow.OkJsonAsync(await flow.CustomerClient.GetAsync($"/api/v1/loans/{loanId}/foreclose"));
        Assert.Equal((LoanFlow.Money(accrued), LoanFlow.Money(7_211_512 + accrued)), (quote.GetProperty("interest_accrued").GetString(), quote.GetProperty("payoff").GetString()));
        var interestIncome = flow.Stored(LoanFlow.LoanInterestIncome);
        savings = flow.Stored(flow.Savings);
        var closed = await KycFlow.OkJsonAsync(await flow.CustomerClient.PostAsJsonAsync($"/api/v1/loans/{loanId}/foreclose", new { from_account_number = flow.Savings }),
            HttpStatusCode.Created);
        Assert.Equal(("CLOSED", "0.00", "FORECLOSURE"), (closed.GetProperty("loan").GetProperty("status").GetString(),
            closed.GetProperty("loan").GetProperty("outstanding_principal").GetString(), closed.GetProperty("repayment").GetProperty("kind").GetString()));
        Assert.Equal(savings - 7_211_512 - accrued, flow.Stored(flow.Savings));
        Assert.Equal(0, flow.Stored(loanAccount));
        Assert.Equal(interestIncome + accrued, flow.Stored(LoanFlow.LoanInterestIncome));
        await WalletFlow.ProblemAsync(await flow.RepayAsync(loanId, "10.00"), HttpStatusCode.Conflict, "loan_not_active");
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task Repayment_WithoutFunds_IsRefusedWholly_AndAnotherCustomersLoanIsA404(string engine)
    {
        var flow = await LoanFlow.StartAsync(engine, savings: "0.00");
        await using var host = flow.Host;
        var loan = await flow.DisbursedAsync(await flow.ProductAsync(), principal: "20000.00", term: 6);
        var loanId = loan.GetProperty("loan_id").GetString()!;
        await flow.DrainAsync("100.00");
        await flow.JumpAsync(InterestTests.At(2026, 4, 10, 12));
        var due = (await flow.LoanAsync(loanId)).GetProperty("amount_due").GetString()!;
        await WalletFlow.ProblemAsync(await flow.RepayAsync(loanId, due), HttpStatusCode.UnprocessableEntity, "insufficient_funds");
        Assert.Equal(10_000, flow.Stored(flow.Savings));
        Assert.Equal("0", flow.Scalar("SELECT COUNT(*) FROM loan_repayments"));
        var other = await LedgerFlow.CustomerAsync(host, flow.Branch);
        var own = await LedgerFlow.FundedAsync(other, "1000.00");
        await WalletFlow.ProblemAsync(await other.Client.PostAsJsonAsync($"/api/v1/loans/{loanId}/repay", new { amount = "10.00", from_account_number = own }), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await flow.CustomerClient.PostAsJsonAsync($"/api/v1/loans/{loanId}/repay", new { amount = "10.00", from_account_number = own }),
            HttpStatusCode.NotFound);

        // verify-ledger holds each loan's records to its account: a paisa recorded as repaid that the books never received breaks it.
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
        host.Database.Execute($"UPDATE loan_instalments SET principal_paid_paise = 1 WHERE number = 1 AND loan_id = (SELECT id FROM loans WHERE loan_id = '{loanId}')");
        Assert.Equal(1, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task ConcurrentRepayments_AreAllocatedOneAfterTheOther_NeverTwiceToTheSameDue(string engine)
    {
        var flow = await LoanFlow.StartAsync(engine, savings: "10000.00");
        await using var host = flow.Host;
        var loan = await flow.DisbursedAsync(await flow.ProductAsync());
        var loanId = loan.GetProperty("loan_id").GetString()!;
        var loanAccount = loan.GetProperty("loan_account_number").GetString()!;
        await flow.JumpAsync(InterestTests.At(2026, 4, 10, 12));
        var savings = flow.Stored(flow.Savings);

        // Eight payments of 1,000.00 at once against the 8,884.88 due: 1,000.00 interest first, then 7,000.00 of principal, whatever the order.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => flow.RepayAsync(loanId, "1000.00")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Equal("100000", flow.Scalar($"SELECT SUM(r.interest_paise) FROM loan_repayments r JOIN loans l ON l.id = r.loan_id WHERE l.loan_id = '{loanId}'"));
        Assert.Equal("700000", flow.Scalar($"SELECT SUM(r.principal_paise) FROM loan_repayments r JOIN loans l ON l.id = r.loan_id WHERE l.loan_id = '{loanId}'"));
        Assert.Equal(savings - 800_000, flow.Stored(flow.Savings));
        Assert.Equal(-(10_000_000 - 700_000), flow.Stored(loanAccount));
        var view = await flow.LoanAsync(loanId);
        Assert.Equal(("884.88", "DUE"), (view.GetProperty("amount_due").GetString(), view.GetProperty("schedule")[0].GetProperty("status").GetString()));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    /// <summary>The EMI of <paramref name="principal"/> over <paramref name="months"/> at <paramref name="monthly"/>, in paise, in decimal.</summary>
    private static long Emi(decimal principal, decimal monthly, int months)
    {
        var growth = 1m;
        for (var k = 0; k < months; k++)
        {
            growth *= 1 + monthly;
        }
        return (long)Math.Round(principal * monthly * growth / (growth - 1) * 100m, MidpointRounding.AwayFromZero);
    }
}
