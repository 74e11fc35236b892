using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Books;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Platform.Errors;

namespace CredbuzzPay.Api.Modules.Loans.Features;

public sealed record QuoteLine(int Number, DateOnly DueDate, string Principal, string Interest, string Emi, string BalanceAfter);

public sealed record ApplicationView(string ApplicationId, string UserCode, string ProductId, string ProductName, string Principal, int TermMonths, string InterestRate,
    string Purpose, string DisbursementAccountNumber, string Status, string Emi, string ProcessingFee, string GstOnFee, string NetDisbursal, string TotalInterest,
    string TotalPayable, IReadOnlyList<QuoteLine> Schedule, string? RecommendedBy, string? ApprovedBy, string? DecisionReason, string? LoanId, DateTime CreatedAt,
    DateTime? DecidedAt);

public sealed record InstalmentView(int Number, string DueDate, string Principal, string Interest, string Penalty, string Total, string Paid, string Status, string? PaidOn);

public sealed record RepaymentView(string TransactionId, string Kind, string Amount, string Penalty, string Interest, string Principal, string Prepaid, string PaidBy, DateTime CreatedAt);

public sealed record LoanView(string LoanId, string ApplicationId, string UserCode, string? BranchCode, string ProductId, string Status, string Principal, string InterestRate,
    int TermMonths, string Emi, string ProcessingFee, string GstOnFee, string DisbursedOn, string LoanAccountNumber, string RepaymentAccountNumber,
    string OutstandingPrincipal, string InterestAccrued, string InterestDue, string PenaltyDue, string AmountDue, string? NextDueDate, string? NextDueAmount,
    string OverdueAmount, int DaysPastDue, string Bucket, bool Npa, string WrittenOff, IReadOnlyList<InstalmentView>? Schedule, IReadOnlyList<RepaymentView>? Repayments);

public sealed record ForeclosureQuote(string LoanId, string AsOf, string PenaltyDue, string InterestDue, string InterestAccrued, string PrincipalOutstanding, string Payoff);

internal static class LoanViews
{
    /// <summary>A quote: the EMI and full schedule of an application, as if disbursed on <paramref name="start"/>.</summary>
    public static ApplicationView Of(ApplicationRow a, ProductRow product, DateOnly start, string? loanId)
    {
        var schedule = Amortisation.Schedule(a.PrincipalPaise, a.RateBp, a.TermMonths, start);
        var balance = a.PrincipalPaise;
        var lines = schedule.Select(s =>
        {
            balance -= s.PrincipalPaise;
            return new QuoteLine(s.Number, s.DueOn, Money.Format(s.PrincipalPaise), Money.Format(s.InterestPaise), Money.Format(s.TotalPaise), Money.Format(balance));
        }).ToList();
        var interest = schedule.Sum(s => s.InterestPaise);
        return new ApplicationView(a.ApplicationId, a.UserCode, product.ProductId, product.Name, Money.Format(a.PrincipalPaise), a.TermMonths, Money.Format(a.RateBp), a.Purpose,
            a.AccountNumber, a.Status, Money.Format(a.EmiPaise), Money.Format(a.FeePaise), Money.Format(a.GstPaise), Money.Format(a.PrincipalPaise - a.FeePaise - a.GstPaise),
            Money.Format(interest), Money.Format(a.PrincipalPaise + interest), lines, a.MakerCode, a.CheckerCode, a.DecisionReason,
            loanId, a.CreatedAt, a.DecidedAt);
    }

    public static LoanView Of(LoanState state, string applicationId, string productId, IReadOnlyList<RepaymentRow>? repayments, bool withSchedule)
    {
        var loan = state.Loan;
        var next = state.Due.Concat(state.Future).FirstOrDefault();
        return new LoanView(loan.LoanId, applicationId, loan.UserCode, loan.BranchCode, productId, loan.Status, Money.Format(loan.PrincipalPaise), Money.Format(loan.RateBp),
            loan.TermMonths, Money.Format(loan.EmiPaise), Money.Format(loan.FeePaise), Money.Format(loan.GstPaise), loan.DisbursedOn, loan.AccountNumber,
            loan.RepaymentAccountNumber, Money.Format(state.OutstandingPrincipalPaise), Money.Format(state.InterestAccruedPaise), Money.Format(state.InterestDuePaise),
            Money.Format(state.PenaltyDuePaise), Money.Format(state.AmountDuePaise), next?.DueOn, next is null ? null : Money.Format(next.Left),
            Money.Format(state.OverduePaise), state.DaysPastDue, state.Bucket, state.Bucket == LoanState.Npa, Money.Format(loan.WrittenOffPaise),
            withSchedule ? state.Live.Select(i => Instalment(state, i)).ToList() : null,
            repayments?.Select(r => new RepaymentView(r.TransactionId, r.Kind, Money.Format(r.AmountPaise), Money.Format(r.PenaltyPaise), Money.Format(r.InterestPaise),
                Money.Format(r.PrincipalPaise), Money.Format(r.PrepaidPaise), r.PaidBy, r.CreatedAt)).ToList());
    }

    public static ForeclosureQuote Quote(LoanState state) => new(state.Loan.LoanId, BankingDay.Key(state.Today), Money.Format(state.PenaltyDuePaise),
        Money.Format(state.InterestDuePaise), Money.Format(state.InterestAccruedPaise), Money.Format(state.PrincipalDuePaise + state.FuturePrincipalPaise),
        Money.Format(state.PayoffPaise));

    private static InstalmentView Instalment(LoanState state, InstalmentRow i) => new(i.Number, i.DueOn, Money.Format(i.PrincipalPaise), Money.Format(i.InterestPaise),
        Money.Format(i.PenaltyPaise), Money.Format(i.PrincipalPaise + i.InterestPaise + i.PenaltyPaise),
        Money.Format(i.PrincipalPaidPaise + i.InterestPaidPaise + i.PenaltyPaidPaise), state.StatusOf(i), i.PaidOn);

    public static string Public(string? id) => id?.Trim().ToUpperInvariant() ?? "";

    /// <summary>A reason of 3 to 255 characters, or a 400.</summary>
    public static string Reason(string? given)
    {
        var reason = given?.Trim();
        return reason is { Length: >= 3 and <= 255 } ? reason : throw ApiProblemException.Validation("reason", "Give a reason of 3 to 255 characters.");
    }
}
