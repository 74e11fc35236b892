using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Data;

namespace CredbuzzPay.Api.Modules.Loans.Books;

/// <summary>What a payment is split into, in the order it is applied: penalties, interest, principal due, then principal prepaid.</summary>
internal sealed record Allocation(long PenaltyPaise, long InterestPaise, long PrincipalPaise, long PrepaidPaise)
{
    public long TotalPaise => PenaltyPaise + InterestPaise + PrincipalPaise + PrepaidPaise;
}

/// <summary>
/// A loan's figures on a banking day, from its live instalments (not superseded): what is outstanding, due and overdue, the interest
/// accrued since the current period began, days past due and the delinquency bucket. An instalment is due on its day, overdue once its
/// grace days have passed; days past due count from the oldest unpaid instalment's due day.
/// </summary>
internal sealed class LoanState
{
    public const string Current = "current";
    public const string Npa = "90+";

    private LoanState(LoanRow loan, IReadOnlyList<InstalmentRow> live, int graceDays, DateOnly today)
    {
        Loan = loan;
        Live = live;
        GraceDays = graceDays;
        Today = today;
        var open = live.Where(i => i.State == InstalmentRow.Open).ToList();
        Due = open.Where(i => Day(i) <= today).OrderBy(i => i.Number).ToList();
        Future = open.Where(i => Day(i) > today).OrderBy(i => i.Number).ToList();
        OutstandingPrincipalPaise = open.Sum(i => i.PrincipalLeft);
        var oldest = Due.FirstOrDefault(i => Day(i) < today);
        DaysPastDue = oldest is null ? 0 : today.DayNumber - Day(oldest).DayNumber;
        var futurePrincipal = Future.Sum(i => i.PrincipalLeft);
        // Each instalment's interest is the month before its due day; what has run of the current month is accrued, not yet due.
        var periodStart = Future.Count == 0 ? today : Max(Day(Future[0]).AddMonths(-1), Parse(loan.DisbursedOn));
        InterestAccruedPaise = loan.Status == LoanRow.Active ? Amortisation.DaysInterest(futurePrincipal, loan.RateBp, today.DayNumber - periodStart.DayNumber) : 0;
    }

    public LoanRow Loan { get; }
    public IReadOnlyList<InstalmentRow> Live { get; }
    public int GraceDays { get; }
    public DateOnly Today { get; }
    /// <summary>Open instalments due on or before today, oldest first.</summary>
    public IReadOnlyList<InstalmentRow> Due { get; }
    /// <summary>Open instalments not yet due, in order.</summary>
    public IReadOnlyList<InstalmentRow> Future { get; }
    public long OutstandingPrincipalPaise { get; }
    public long InterestAccruedPaise { get; }
    public int DaysPastDue { get; }

    public long PenaltyDuePaise => Due.Sum(i => i.PenaltyLeft);
    public long InterestDuePaise => Due.Sum(i => i.InterestLeft);
    public long PrincipalDuePaise => Due.Sum(i => i.PrincipalLeft);
    public long AmountDuePaise => Due.Sum(i => i.Left);
    public long OverduePaise => Due.Where(IsOverdue).Sum(i => i.Left);
    public long FuturePrincipalPaise => Future.Sum(i => i.PrincipalLeft);

    /// <summary>What closes the loan today: everything due, the principal not yet due and the interest accrued on it.</summary>
    public long PayoffPaise => AmountDuePaise + FuturePrincipalPaise + InterestAccruedPaise;

    public string Bucket => BucketOf(DaysPastDue);

    public bool IsOverdue(InstalmentRow i) => i.State == InstalmentRow.Open && Today > Day(i).AddDays(GraceDays);

    /// <summary>An instalment's state as shown: PAID, SUPERSEDED, OVERDUE (past its grace), DUE (on or after its day, within grace), UPCOMING.</summary>
    public string StatusOf(InstalmentRow i) => i.State != InstalmentRow.Open ? i.State : IsOverdue(i) ? "OVERDUE" : Day(i) <= Today ? "DUE" : "UPCOMING";

    public static LoanState Of(LoanRow loan, IEnumerable<InstalmentRow> rows, int graceDays, DateOnly today) =>
        new(loan, rows.Where(r => r.State != InstalmentRow.Superseded).OrderBy(r => r.Number).ToList(), graceDays, today);

    public static string BucketOf(int daysPastDue) => daysPastDue switch
    {
        <= 0 => Current,
        <= 30 => "1-30",
        <= 60 => "31-60",
        <= 90 => "61-90",
        _ => Npa,
    };

    /// <summary>Splits <paramref name="amount"/> over the due instalments: every penalty oldest first, then interest, then principal; what is left is prepaid.</summary>
    public Allocation Allocate(long amount)
    {
        var left = amount;
        long Take(long want)
        {
            var taken = Math.Min(want, left);
            left -= taken;
            return taken;
        }
        var penalty = Due.Sum(i => Take(i.PenaltyLeft));
        var interest = Due.Sum(i => Take(i.InterestLeft));
        var principal = Due.Sum(i => Take(i.PrincipalLeft));
        return new Allocation(penalty, interest, principal, left);
    }

    /// <summary>Applies an allocation's penalty, interest and principal to the due instalments (the same order as <see cref="Allocate"/>); marks the settled ones paid.</summary>
    public void ApplyToDue(Allocation allocation)
    {
        var (penalty, interest, principal) = (allocation.PenaltyPaise, allocation.InterestPaise, allocation.PrincipalPaise);
        foreach (var i in Due)
        {
            var p = Math.Min(penalty, i.PenaltyLeft);
            i.PenaltyPaidPaise += p;
            penalty -= p;
        }
        foreach (var i in Due)
        {
            var p = Math.Min(interest, i.InterestLeft);
            i.InterestPaidPaise += p;
            interest -= p;
        }
        foreach (var i in Due)
        {
            var p = Math.Min(principal, i.PrincipalLeft);
            i.PrincipalPaidPaise += p;
            principal -= p;
            if (i.Left == 0)
            {
                i.State = InstalmentRow.Paid;
                i.PaidOn = BankingDay.Key(Today);
            }
        }
    }

    public static DateOnly Day(InstalmentRow i) => Parse(i.DueOn);

    public static DateOnly Parse(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
