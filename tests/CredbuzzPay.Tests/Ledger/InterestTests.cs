using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Api.Modules.Ledger.Features.Interest;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Ledger;

/// <summary>
/// Interest and fixed deposits on a fake clock: each test has a host of its own (its clock jumps months).
/// Expected amounts are worked out here in decimal rupees, day by day, not with the service's unit arithmetic.
/// </summary>
public sealed class InterestTests
{
    private static readonly TimeSpan Ist = new(5, 30, 0);

    private static Dictionary<string, string?> Settings(string savingsRate) => new()
    {
        ["Ledger:Fees:TRANSFER:Flat"] = "0.00",
        ["Ledger:Products:SAVINGS:InterestRate"] = savingsRate,
        ["Ledger:Products:SAVINGS:SingleTransactionLimit"] = "10000000.00",
        ["Ledger:Products:SAVINGS:DailyTransactionLimit"] = "10000000.00",
        ["Ledger:FixedDepositRates:0:UpToMonths"] = "3",
        ["Ledger:FixedDepositRates:0:Rate"] = "5.00",
        ["Ledger:FixedDepositRates:1:UpToMonths"] = "6",
        ["Ledger:FixedDepositRates:1:Rate"] = "6.00",
        ["Ledger:FixedDepositRates:2:UpToMonths"] = "12",
        ["Ledger:FixedDepositRates:2:Rate"] = "7.30",
    };

    [Theory, EngineData]
    public async Task DailyAccrual_OverA31DayMonthWithBalanceChanges_PaysTheExactInterestOnce_ThroughReruns(string engine)
    {
        var clock = new FakeTimeProvider(At(2026, 10, 1, 10));
        await using var host = new ApiHost(engine, Settings("4.00"), s => s.AddSingleton<TimeProvider>(clock));
        var user = await LedgerFlow.CustomerAsync(host);
        var savings = await LedgerFlow.FundedAsync(user, "100000.00");
        var current = await LedgerFlow.OpenAsync(user, "CURRENT");

        clock.SetUtcNow(At(2026, 10, 10, 12));
        var client = await SignInAgainAsync(host, user);
        await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(client, new { transaction_type = "DEPOSIT", to_account_number = savings, amount = "50000.00" }), HttpStatusCode.Created);
        clock.SetUtcNow(At(2026, 10, 20, 9));
        client = await SignInAgainAsync(host, user);
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(client, savings, current, "30000.00"), HttpStatusCode.Created);

        clock.SetUtcNow(At(2026, 11, 1, 0, 30));
        await DayCloseAsync(host, clock);

        // 9 days at 100,000, 10 at 150,000, 12 at 120,000; 4 % a year over 365 days; whole paise, down.
        var rupeeDays = (9m * 100_000m) + (10m * 150_000m) + (12m * 120_000m);
        var interest = Math.Floor(rupeeDays * 0.04m / 365m * 100m) / 100m;
        Assert.Equal(420.82m, interest);
        Assert.Equal(Paise(120_000m + interest), LedgerFlow.StoredPaise(host, savings));
        Assert.Equal(0, LedgerFlow.StoredPaise(host, current) - Paise(30_000m));
        Assert.Equal(-Paise(interest), LedgerFlow.StoredPaise(host, "SYS000000042"));
        var accruals = host.Database.Query($"SELECT x.day, x.closing_balance_paise, x.rate_bp FROM ledger_interest_accruals x JOIN ledger_accounts a ON a.id = x.account_id WHERE a.account_number = '{savings}' ORDER BY x.day");
        Assert.Equal(31, accruals.Count);
        Assert.All(accruals, r => Assert.Equal(400L, Convert.ToInt64(r[2], CultureInfo.InvariantCulture)));
        // One posting for October, through its last day: the month's units (rupee-days × 100 paise × 400), the paise paid, the fraction carried.
        var posting = Assert.Single(host.Database.Query($"SELECT p.period, p.through_day, p.units, p.paid_paise, p.carry_units FROM ledger_interest_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.account_number = '{savings}'"));
        Assert.Equal("2026-10", posting[0]);
        Assert.Equal("2026-10-31", posting[1]);
        Assert.Equal((long)(rupeeDays * 100m * 400m), Convert.ToInt64(posting[2], CultureInfo.InvariantCulture));
        Assert.Equal(Paise(interest), Convert.ToInt64(posting[3], CultureInfo.InvariantCulture));
        Assert.Equal((long)(rupeeDays * 100m * 400m) - (Paise(interest) * 3_650_000), Convert.ToInt64(posting[4], CultureInfo.InvariantCulture));
        Assert.Equal("2026-10-09", accruals[8][0]);
        Assert.Equal(10_000_000L, Convert.ToInt64(accruals[8][1], CultureInfo.InvariantCulture));
        Assert.Equal(15_000_000L, Convert.ToInt64(accruals[9][1], CultureInfo.InvariantCulture));
        Assert.Equal(12_000_000L, Convert.ToInt64(accruals[19][1], CultureInfo.InvariantCulture));
        Assert.Equal(1, InterestEntries(host, savings));

        // A rerun, a restart that lost its record of the finished day, and two nodes at once: nothing is paid twice.
        await DayCloseAsync(host, clock);
        host.Database.Execute("DELETE FROM ledger_interest_runs");
        await DayCloseAsync(host, clock);
        host.Database.Execute("DELETE FROM ledger_interest_runs");
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            try
            {
                await DayCloseAsync(host, clock);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                // The loser of a race on an accrual's or posting's key rolls back; the winner's rows stand.
            }
        }));
        await DayCloseAsync(host, clock);
        Assert.Equal(1, InterestEntries(host, savings));
        Assert.Equal(Paise(120_000m + interest), LedgerFlow.StoredPaise(host, savings));
        Assert.Equal(31L, Convert.ToInt64(host.Database.Scalar($"SELECT COUNT(*) FROM ledger_interest_accruals x JOIN ledger_accounts a ON a.id = x.account_id WHERE a.account_number = '{savings}'"), CultureInfo.InvariantCulture));

        // A crash after the accruals, before the posting: the next run pays the month, once.
        clock.SetUtcNow(At(2026, 12, 1, 0, 30));
        var dayClose = host.Services.CreateScope().ServiceProvider.GetRequiredService<DayClose>();
        var accrualsOnly = host.Services.GetRequiredService<InterestAccruals>();
        await using (var db = host.DbFactory.Create())
        {
            for (var day = new DateOnly(2026, 11, 1); day <= new DateOnly(2026, 11, 30); day = day.AddDays(1))
            {
                await accrualsOnly.AccrueAsync(db, day, clock.GetUtcNow().UtcDateTime, CancellationToken.None);
            }
        }
        await dayClose.RunAsync(clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        var november = Math.Floor((30m * (120_000m + interest) * 0.04m / 365m + Remainder(rupeeDays * 0.04m / 365m)) * 100m) / 100m;
        Assert.Equal(Paise(120_000m + interest + november), LedgerFlow.StoredPaise(host, savings));
        Assert.Equal(2, InterestEntries(host, savings));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task FixedDeposit_CompoundsQuarterly_AndAtMaturityPaysPrincipalAndInterestToItsFundingAccount(string engine)
    {
        var clock = new FakeTimeProvider(At(2026, 10, 1, 10));
        await using var host = new ApiHost(engine, Settings("0.00"), s => s.AddSingleton<TimeProvider>(clock));
        var user = await LedgerFlow.CustomerAsync(host);
        var savings = await LedgerFlow.FundedAsync(user, "200000.00");
        var deposit = await OpenDepositAsync(user, savings, "123456.78", 6);
        Assert.Equal("2027-04-01", deposit.GetProperty("matures_on").GetString());
        Assert.Equal("6.00", deposit.GetProperty("interest_rate").GetString());
        var number = deposit.GetProperty("account_number").GetString()!;

        clock.SetUtcNow(At(2027, 1, 1, 0, 30));
        await DayCloseAsync(host, clock);
        // Q4: 92 days on the principal, paid on 31 December; Q1: 90 days on principal + that interest, with the fraction carried.
        var principal = 123_456.78m;
        var q4Exact = principal * 0.06m * 92m / 365m;
        var q4 = Math.Floor(q4Exact * 100m) / 100m;
        Assert.Equal(Paise(principal + q4), LedgerFlow.StoredPaise(host, number));

        clock.SetUtcNow(At(2027, 4, 1, 0, 30));
        await DayCloseAsync(host, clock);
        var q1 = Math.Floor(((principal + q4) * 0.06m * 90m / 365m + (q4Exact - q4)) * 100m) / 100m;
        Assert.Equal(0, LedgerFlow.StoredPaise(host, number));
        Assert.Equal("CLOSED", host.Database.Scalar($"SELECT status FROM ledger_accounts WHERE account_number = '{number}'"));
        Assert.Equal(Paise(200_000m + q4 + q1), LedgerFlow.StoredPaise(host, savings));
        Assert.Equal(182L, Convert.ToInt64(host.Database.Scalar($"SELECT COUNT(*) FROM ledger_interest_accruals x JOIN ledger_accounts a ON a.id = x.account_id WHERE a.account_number = '{number}'"), CultureInfo.InvariantCulture));

        // Nothing more happens to a matured deposit on later days.
        clock.SetUtcNow(At(2027, 4, 3, 0, 30));
        await DayCloseAsync(host, clock);
        Assert.Equal(Paise(200_000m + q4 + q1), LedgerFlow.StoredPaise(host, savings));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task PrematureClosure_RecomputesAtTheHeldTermsRateLessThePenalty_AndTakesBackWhatWasOverpaid(string engine)
    {
        var clock = new FakeTimeProvider(At(2026, 10, 1, 10));
        await using var host = new ApiHost(engine, Settings("0.00"), s => s.AddSingleton<TimeProvider>(clock));
        var user = await LedgerFlow.CustomerAsync(host);
        var stranger = await LedgerFlow.CustomerAsync(host);
        var savings = await LedgerFlow.FundedAsync(user, "200000.00");
        var number = (await OpenDepositAsync(user, savings, "100000.00", 12)).GetProperty("account_number").GetString()!;

        clock.SetUtcNow(At(2027, 1, 1, 0, 30));
        await DayCloseAsync(host, clock);
        var paidQ4 = Math.Floor(100_000m * 0.073m * 92m / 365m * 100m) / 100m;
        Assert.Equal(Paise(100_000m + paidQ4), LedgerFlow.StoredPaise(host, number));

        clock.SetUtcNow(At(2027, 2, 15, 10));
        var client = await SignInAgainAsync(host, user);
        var strangerClient = await SignInAgainAsync(host, stranger);
        await LedgerFlow.ProblemAsync(await strangerClient.PostAsync($"/api/v1/accounts/{number}/close", null), HttpStatusCode.NotFound);
        await LedgerFlow.ProblemAsync(await client.PostAsync($"/api/v1/accounts/{savings}/close", null), HttpStatusCode.UnprocessableEntity, "not_a_fixed_deposit");

        var closed = await KycFlow.OkJsonAsync(await client.PostAsync($"/api/v1/accounts/{number}/close", null));
        Assert.Equal("CLOSED", closed.GetProperty("status").GetString());
        Assert.Equal("0.00", closed.GetProperty("balance").GetString());
        // Held 4 whole months: the rate for up to 6 months (6.00) less the 1.00 penalty; 92 days, then 45 on principal + that interest.
        var firstExact = 100_000m * 0.05m * 92m / 365m;
        var first = Math.Floor(firstExact * 100m) / 100m;
        var second = Math.Floor(((100_000m + first) * 0.05m * 45m / 365m + (firstExact - first)) * 100m) / 100m;
        Assert.True(first + second < 100_000m * 0.073m * 137m / 365m, "the reduced rate earns less than the booked one over the same days");
        Assert.Equal(Paise(200_000m + first + second), LedgerFlow.StoredPaise(host, savings));
        await LedgerFlow.ProblemAsync(await client.PostAsync($"/api/v1/accounts/{number}/close", null), HttpStatusCode.Conflict, "account_not_active");
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    private static async Task<System.Text.Json.JsonElement> OpenDepositAsync(KycFlow user, string funding, string principal, int months) =>
        await KycFlow.OkJsonAsync(await user.Client.PostJsonAsync("/api/v1/accounts/", new
        {
            account_type = "FIXED_DEPOSIT", principal, term_months = months, funding_account_number = funding,
        }), HttpStatusCode.Created);

    internal static async Task DayCloseAsync(ApiHost host, TimeProvider clock)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DayClose>().RunAsync(clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    /// <summary>A fresh session for a user after the clock jumped past their tokens' lifetime.</summary>
    internal static async Task<HttpClient> SignInAgainAsync(ApiHost host, KycFlow user) =>
        LoginTests.Authorized(host, await LoginTests.SignInAsync(user.Registration, user.Registration.Email, "web"));

    private static int InterestEntries(ApiHost host, string number) => Convert.ToInt32(host.Database.Scalar(
        $"SELECT COUNT(*) FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.to_account_id WHERE a.account_number = '{number}' AND e.entry_type = 'INTEREST'"),
        CultureInfo.InvariantCulture);

    internal static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, Ist).ToUniversalTime();

    private static long Paise(decimal rupees) => (long)(rupees * 100m);

    private static decimal Remainder(decimal rupees) => rupees - (Math.Floor(rupees * 100m) / 100m);
}
