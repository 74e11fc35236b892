using System.Globalization;

namespace CredbuzzPay.Api.Modules.Ledger.Books;

/// <summary>How often accrued interest is paid into an account.</summary>
internal enum PostingFrequency
{
    Monthly,
    Quarterly,
}

/// <summary>
/// Interest arithmetic, exact in integers. A day's interest on a closing balance B at an annual rate of
/// R hundredths of a percent is B × R / 10,000 / 365 paise, so it is kept as B × R <em>units</em> of
/// 1/3,650,000 of a paisa: nothing is rounded until a posting pays whole paise, and the fraction left
/// over is carried into the next period.
/// </summary>
internal static class InterestMath
{
    /// <summary>Units in one paisa: 10,000 (hundredths of a percent) × 365 (days in the rate's year).</summary>
    public const long UnitsPerPaisa = 3_650_000;

    public static long DayUnits(long closingBalancePaise, int rateBp) => closingBalancePaise * rateBp;

    /// <summary>Whole paise of <paramref name="units"/> (with what was carried in), and the fraction carried on.</summary>
    public static (long Paise, long Carry) Pay(long units) => (units / UnitsPerPaisa, units % UnitsPerPaisa);

    /// <summary>The period a day's interest is paid in: "2026-11" (monthly) or "2026-Q4" (quarterly).</summary>
    public static string PeriodOf(DateOnly day, PostingFrequency frequency) => frequency == PostingFrequency.Monthly
        ? day.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{day.Year:D4}-Q{((day.Month - 1) / 3) + 1}");

    /// <summary>Whether <paramref name="day"/> is the last of its period (the period is posted once it closed).</summary>
    public static bool EndsPeriod(DateOnly day, PostingFrequency frequency)
    {
        var next = day.AddDays(1);
        return frequency == PostingFrequency.Monthly ? next.Month != day.Month : next.Month != day.Month && (next.Month - 1) % 3 == 0;
    }

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/> (a month counts once its day-of-month is reached).</summary>
    public static int WholeMonths(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        if (from.AddMonths(months) > to)
        {
            months--;
        }
        return Math.Max(0, months);
    }

    /// <summary>
    /// What a fixed deposit of <paramref name="principalPaise"/> earns at <paramref name="rateBp"/> from the day it
    /// opened to the day before <paramref name="endExclusive"/>: accrued daily on the closing balance, paid (and so
    /// compounded) at the end of every calendar quarter and on the last day, each payment in whole paise with the
    /// fraction carried, exactly as the day close does it.
    /// </summary>
    public static long FixedDepositInterest(long principalPaise, int rateBp, DateOnly opened, DateOnly endExclusive)
    {
        var balance = principalPaise;
        long accrued = 0;
        long paid = 0;
        for (var day = opened; day < endExclusive; day = day.AddDays(1))
        {
            accrued += DayUnits(balance, rateBp);
            if (EndsPeriod(day, PostingFrequency.Quarterly) || day.AddDays(1) == endExclusive)
            {
                var (paise, carry) = Pay(accrued);
                balance += paise;
                paid += paise;
                accrued = carry;
            }
        }
        return paid;
    }
}
