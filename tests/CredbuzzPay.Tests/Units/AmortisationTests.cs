using CredbuzzPay.Api.Modules.Loans.Books;

namespace CredbuzzPay.Tests.Units;

/// <summary>
/// The EMI and schedule against values worked out apart from the service: a 12-month example by hand (the EMI of ₹1,00,000 at 12 % is the
/// textbook ₹8,884.88) and a 60-month one against the formula evaluated here in decimal, row by row.
/// </summary>
public sealed class AmortisationTests
{
    [Fact]
    public void TwelveMonths_MatchTheHandWorkedTable_ToThePaisa()
    {
        var schedule = Amortisation.Schedule(10_000_000, 1200, 12, new DateOnly(2026, 1, 31));
        Assert.Equal(888_488, Amortisation.Emi(10_000_000, 1200, 12));
        // Month 1: interest 1% of 1,00,000.00 = 1,000.00; principal 8,884.88 − 1,000.00 = 7,884.88; left 92,115.12.
        Assert.Equal((788_488L, 100_000L), (schedule[0].PrincipalPaise, schedule[0].InterestPaise));
        // Month 2: 1% of 92,115.12 = 921.1512 → 921.15; principal 7,963.73; left 84,151.39.
        Assert.Equal((796_373L, 92_115L), (schedule[1].PrincipalPaise, schedule[1].InterestPaise));
        // Month 3: 1% of 84,151.39 = 841.5139 → 841.51; principal 8,043.37.
        Assert.Equal((804_337L, 84_151L), (schedule[2].PrincipalPaise, schedule[2].InterestPaise));
        // The last takes the principal left (8,796.88) with 1% of it (87.9688 → 87.97), so it asks 8,884.85, three paise under the EMI.
        Assert.Equal((879_688L, 8_797L), (schedule[11].PrincipalPaise, schedule[11].InterestPaise));
        Assert.Equal(10_000_000, schedule.Sum(s => s.PrincipalPaise));
        Assert.Equal(661_853, schedule.Sum(s => s.InterestPaise));
        Assert.All(schedule.Take(11), s => Assert.Equal(888_488, s.TotalPaise));
        // Due a month apart on the same day, or the month's last day: 31 January → 28 February, 31 March …
        Assert.Equal(new DateOnly(2026, 2, 28), schedule[0].DueOn);
        Assert.Equal(new DateOnly(2026, 3, 31), schedule[1].DueOn);
        Assert.Equal(new DateOnly(2027, 1, 31), schedule[11].DueOn);
    }

    [Fact]
    public void SixtyMonths_MatchTheFormulaWorkedInDecimal_RowByRow()
    {
        const decimal principal = 500_000.00m;
        const decimal monthly = 0.105m / 12m;
        var growth = 1m;
        for (var k = 0; k < 60; k++)
        {
            growth *= 1 + monthly;
        }
        var emi = Math.Round(principal * monthly * growth / (growth - 1), 2, MidpointRounding.AwayFromZero);
        Assert.Equal(10_746.95m, emi);
        var schedule = Amortisation.Schedule(50_000_000, 1050, 60, new DateOnly(2026, 12, 1));
        Assert.Equal(1_074_695, Amortisation.Emi(50_000_000, 1050, 60));
        var left = principal;
        for (var k = 0; k < 60; k++)
        {
            var interest = Math.Round(left * monthly, 2, MidpointRounding.AwayFromZero);
            var part = k == 59 ? left : emi - interest;
            Assert.Equal((ToPaise(part), ToPaise(interest)), (schedule[k].PrincipalPaise, schedule[k].InterestPaise));
            left -= part;
        }
        Assert.Equal(0m, left);
        Assert.Equal(50_000_000, schedule.Sum(s => s.PrincipalPaise));
    }

    [Fact]
    public void ZeroRate_SplitsThePrincipalEvenly_TheLastTakingTheRemainder()
    {
        var schedule = Amortisation.Schedule(100_000, 0, 3, new DateOnly(2026, 1, 1));
        Assert.Equal([33_333L, 33_333L, 33_334L], schedule.Select(s => s.PrincipalPaise).ToArray());
        Assert.All(schedule, s => Assert.Equal(0, s.InterestPaise));
    }

    [Fact]
    public void FeeGstAndDailyInterest_RoundHalfUp()
    {
        Assert.Equal(150_000, Amortisation.Fee("PERCENTAGE", 150, 10_000_000)); // 1.50 % of 1,00,000.00 = 1,500.00
        Assert.Equal(27_000, Amortisation.Gst(150_000, 1800)); // 18 % of 1,500.00 = 270.00
        Assert.Equal(9, Amortisation.Gst(50, 1800)); // 18 % of 0.50 = 0.09
        Assert.Equal(50_000, Amortisation.Fee("FLAT", 50_000, 10_000_000));
        // 10 days of 12 % a year on 1,00,000.00: 1,00,000 × 0.12 × 10 / 365 = 328.767… → 328.77.
        Assert.Equal(32_877, Amortisation.DaysInterest(10_000_000, 1200, 10));
        Assert.Equal(0, Amortisation.DaysInterest(10_000_000, 1200, 0));
    }

    private static long ToPaise(decimal rupees) => (long)(rupees * 100m);
}
