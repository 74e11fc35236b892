using System.Numerics;

namespace CredbuzzPay.Api.Modules.Loans.Books;

/// <summary>One line of a schedule: its number, due day and what it asks.</summary>
internal sealed record ScheduledInstalment(int Number, DateOnly DueOn, long PrincipalPaise, long InterestPaise)
{
    public long TotalPaise => PrincipalPaise + InterestPaise;
}

/// <summary>
/// Reducing-balance arithmetic, exact: rates are whole hundredths of a percent a year, so the monthly rate is
/// <c>bp / 120000</c> and every quantity is a ratio of integers (no floating point). The EMI is the standard
/// <c>P·r·(1+r)ⁿ / ((1+r)ⁿ − 1)</c> rounded half up to the paisa; each month's interest is the outstanding principal
/// times the monthly rate, rounded half up; the principal part is the EMI less that interest, and the last instalment
/// takes whatever principal is left (so the schedule's principal sums to the principal exactly).
/// </summary>
internal static class Amortisation
{
    private const int MonthlyDenominator = 120_000;

    /// <summary>The equated monthly instalment of <paramref name="principal"/> paise over <paramref name="months"/> at <paramref name="rateBp"/> a year.</summary>
    public static long Emi(long principal, int rateBp, int months)
    {
        if (principal <= 0 || months <= 0 || rateBp < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(principal), "A positive principal and term and a rate of at least zero.");
        }
        if (rateBp == 0)
        {
            return RoundHalfUp(principal, months);
        }
        var a = BigInteger.Pow(MonthlyDenominator + rateBp, months);
        var b = BigInteger.Pow(MonthlyDenominator, months);
        return (long)RoundHalfUp(principal * rateBp * a, MonthlyDenominator * (a - b));
    }

    /// <summary>One month's interest on <paramref name="outstanding"/> paise.</summary>
    public static long MonthInterest(long outstanding, int rateBp) => RoundHalfUp(outstanding * (long)rateBp, MonthlyDenominator);

    /// <summary>Interest on <paramref name="outstanding"/> for <paramref name="days"/> days (actual/365), the part of a month not yet due.</summary>
    public static long DaysInterest(long outstanding, int rateBp, int days) => days <= 0 ? 0 : (long)RoundHalfUp((BigInteger)outstanding * rateBp * days, 365 * 10_000);

    /// <summary>
    /// The schedule of <paramref name="principal"/> over <paramref name="months"/> instalments, the first due one month after
    /// <paramref name="start"/> (the same day of the month, or the month's last day), numbered from <paramref name="firstNumber"/>.
    /// </summary>
    public static IReadOnlyList<ScheduledInstalment> Schedule(long principal, int rateBp, int months, DateOnly start, int firstNumber = 1)
    {
        var emi = Emi(principal, rateBp, months);
        var rows = new List<ScheduledInstalment>(months);
        var outstanding = principal;
        for (var k = 1; k <= months; k++)
        {
            var interest = MonthInterest(outstanding, rateBp);
            var part = k == months ? outstanding : Math.Clamp(emi - interest, 0, outstanding);
            rows.Add(new ScheduledInstalment(firstNumber + k - 1, start.AddMonths(k), part, interest));
            outstanding -= part;
        }
        return rows;
    }

    /// <summary>A processing fee: flat paise, or hundredths of a percent of the principal (rounded half up).</summary>
    public static long Fee(string type, long value, long principal) =>
        type == Data.ProductRow.Percentage ? RoundHalfUp(principal * value, 10_000) : value;

    /// <summary>GST on a fee at <paramref name="gstBp"/> (rounded half up).</summary>
    public static long Gst(long fee, int gstBp) => RoundHalfUp(fee * gstBp, 10_000);

    private static long RoundHalfUp(long numerator, long denominator) => (long)RoundHalfUp((BigInteger)numerator, denominator);

    private static BigInteger RoundHalfUp(BigInteger numerator, BigInteger denominator) => (2 * numerator + denominator) / (2 * denominator);
}
