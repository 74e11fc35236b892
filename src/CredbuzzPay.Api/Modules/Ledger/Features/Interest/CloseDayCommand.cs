using System.Globalization;
using CredbuzzPay.Api.Platform.Cli;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Interest;

/// <summary>
/// <c>close-day</c>: runs the day close now, as the nightly job does (after an outage, or to see what it
/// does): every Asia/Kolkata day owed up to yesterday, one line each. Safe to run any time, and twice.
/// </summary>
internal sealed class CloseDayCommand : ICliCommand
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;

    public CloseDayCommand(IServiceScopeFactory scopes, TimeProvider clock)
    {
        _scopes = scopes;
        _clock = clock;
    }

    public string Name => "close-day";

    public string Description => "Run the day close now (interest accrual and posting, fixed deposit maturities) for every Asia/Kolkata day owed up to yesterday.";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var closed = await scope.ServiceProvider.GetRequiredService<DayClose>().CloseOwedAsync(_clock.GetUtcNow().UtcDateTime, cancellationToken);
        foreach (var day in closed)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{day.Day:yyyy-MM-dd}: accrued {day.Accrued} account(s) in {day.Accruing.TotalSeconds:0.00} s, paid {day.Paid} in {day.Posting.TotalSeconds:0.00} s, {day.Matured} deposit(s) matured; {day.Total.TotalSeconds:0.00} s"));
        }
        Console.WriteLine(closed.Count == 0 ? "Nothing owed: every day up to yesterday is closed." : $"{closed.Count} day(s) closed.");
        return 0;
    }
}
