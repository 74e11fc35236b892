namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>
/// Work that asks outside parties about what they left unanswered (the recharge aggregator's status API for pending
/// purchases). Modules register theirs; the reconciliation job runs them every <c>Jobs:ReconcileSeconds</c> on one node of
/// the cluster. A task picks what is due itself (with its own backoff) and must be safe to run twice.
/// </summary>
public interface IReconciliationTask
{
    string Name { get; }

    Task RunAsync(DateTime now, CancellationToken cancellationToken);
}
