using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Interest;

/// <summary>
/// The ledger's close of each Asia/Kolkata day, in order: accrue the day's interest; if the day ended a
/// period, pay it (savings and current monthly or quarterly as configured, fixed deposits every quarter);
/// mature the fixed deposits due the next morning; then record the day as closed. Every step is idempotent,
/// so a crash part way is finished by the next run; days missed since the last closed one are caught up in order.
/// </summary>
internal sealed partial class DayClose : IDayCloseTask
{
    private static readonly string[] Deposits = [AccountKinds.FixedDeposit];
    private static readonly string[] Transactional = [AccountKinds.Savings, AccountKinds.Current];
    private readonly AppDbFactory _factory;
    private readonly InterestAccruals _accruals;
    private readonly InterestPostings _postings;
    private readonly FixedDepositClosure _deposits;
    private readonly Tariff _tariff;
    private readonly ILogger<DayClose> _log;

    public DayClose(AppDbFactory factory, InterestAccruals accruals, InterestPostings postings, FixedDepositClosure deposits, Tariff tariff, ILogger<DayClose> log)
    {
        _factory = factory;
        _accruals = accruals;
        _postings = postings;
        _deposits = deposits;
        _tariff = tariff;
        _log = log;
    }

    public string Name => "ledger interest and maturities";

    public Task RunAsync(DateTime now, CancellationToken cancellationToken) => CloseOwedAsync(now, cancellationToken);

    /// <summary>Closes every day owed, oldest first; answers what each close did.</summary>
    public async Task<List<DayClosed>> CloseOwedAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        db.CommandTimeout = 0;
        var closed = new List<DayClosed>();
        foreach (var day in await DaysOwedAsync(db, now, cancellationToken))
        {
            closed.Add(await CloseAsync(db, day, now, cancellationToken));
        }
        return closed;
    }

    /// <summary>
    /// The days after the last closed one up to yesterday (Asia/Kolkata), oldest first and at most
    /// <c>DayCloseCatchUpDays</c> of them; before the first close, from the day the oldest customer account opened.
    /// </summary>
    internal async Task<List<DateOnly>> DaysOwedAsync(AppDb db, DateTime now, CancellationToken cancellationToken)
    {
        var yesterday = BankingDay.Of(now).AddDays(-1);
        var last = await db.GetTable<DayCloseRun>().OrderByDescending(r => r.Day).Select(r => r.Day).FirstOrDefaultAsync(cancellationToken);
        DateOnly first;
        if (last is not null)
        {
            first = DateOnly.ParseExact(last, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(1);
        }
        else
        {
            var oldest = await db.GetTable<LedgerAccount>().Where(a => a.SystemCode == null).OrderBy(a => a.CreatedAt).Select(a => (DateTime?)a.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            first = oldest is { } opened ? BankingDay.Of(opened) : yesterday;
        }
        var days = new List<DateOnly>();
        for (var day = first; day <= yesterday && days.Count < _tariff.DayCloseCatchUpDays; day = day.AddDays(1))
        {
            days.Add(day);
        }
        return days;
    }

    /// <summary>Closes one day (safe to repeat).</summary>
    internal async Task<DayClosed> CloseAsync(AppDb db, DateOnly day, DateTime now, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var accrued = await _accruals.AccrueAsync(db, day, now, cancellationToken);
        var accruing = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var paid = 0;
        var frequency = _tariff.InterestPosting;
        if (InterestMath.EndsPeriod(day, frequency))
        {
            paid += await _postings.PostAsync(db, InterestMath.PeriodOf(day, frequency), day, Transactional, now, cancellationToken);
        }
        if (InterestMath.EndsPeriod(day, PostingFrequency.Quarterly))
        {
            paid += await _postings.PostAsync(db, InterestMath.PeriodOf(day, PostingFrequency.Quarterly), day, Deposits, now, cancellationToken);
        }
        var posting = System.Diagnostics.Stopwatch.GetElapsedTime(started) - accruing;
        var matured = await _deposits.MatureAsync(db, day.AddDays(1), now, cancellationToken);
        var key = BankingDay.Key(day);
        if (!await db.GetTable<DayCloseRun>().AnyAsync(r => r.Day == key, cancellationToken))
        {
            await db.InsertAsync(new DayCloseRun { Day = key, Accounts = accrued, CompletedAt = now }, token: cancellationToken);
        }
        var result = new DayClosed(day, accrued, paid, matured, accruing, posting, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        Closed(key, accrued, paid, matured, (long)result.Total.TotalMilliseconds);
        return result;
    }

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information,
        Message = "Day {Day} closed: interest accrued on {Accrued} account(s), paid to {Paid}, {Matured} fixed deposit(s) matured, in {Milliseconds} ms")]
    private partial void Closed(string day, int accrued, int paid, int matured, long milliseconds);
}

/// <summary>What one day's close did, and how long its steps took.</summary>
internal sealed record DayClosed(DateOnly Day, int Accrued, int Paid, int Matured, TimeSpan Accruing, TimeSpan Posting, TimeSpan Total);
