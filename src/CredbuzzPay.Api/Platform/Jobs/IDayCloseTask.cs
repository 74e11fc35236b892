namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>
/// Work done once per Asia/Kolkata day after it ended (the ledger's interest accrual, postings and
/// maturities). Modules register theirs; the day close job runs them all shortly after midnight IST. A
/// task decides itself which days it still owes (a missed night is caught up on the next run) and must be
/// safe to run twice.
/// </summary>
public interface IDayCloseTask
{
    string Name { get; }

    Task RunAsync(DateTime now, CancellationToken cancellationToken);
}
