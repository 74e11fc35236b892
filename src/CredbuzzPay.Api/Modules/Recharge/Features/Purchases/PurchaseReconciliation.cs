using CredbuzzPay.Api.Modules.Recharge.Aggregators;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Recharge.Features.Purchases;

/// <summary>
/// The reconciliation of pending purchases: each one due is asked of the aggregator's status API; a final answer is applied
/// (once, whoever else brings it meanwhile), anything else schedules the next check, each wait twice the last
/// (<c>Recharge:FirstCheckSeconds</c> up to <c>Recharge:MaxCheckSeconds</c>). Nothing is refunded on a guess: a purchase the
/// aggregator never settles stays pending, and reaches staff's queue after <c>Recharge:StaffQueueMinutes</c>.
/// </summary>
internal sealed partial class PurchaseReconciliation : IReconciliationTask
{
    private readonly AppDb _db;
    private readonly IRechargeAggregator _aggregator;
    private readonly PurchaseSettlement _settlement;
    private readonly RechargeTerms _terms;
    private readonly ILogger<PurchaseReconciliation> _log;

    public PurchaseReconciliation(AppDb db, IRechargeAggregator aggregator, PurchaseSettlement settlement, RechargeTerms terms, ILogger<PurchaseReconciliation> log)
    {
        _db = db;
        _aggregator = aggregator;
        _settlement = settlement;
        _terms = terms;
        _log = log;
    }

    public string Name => "recharge-status";

    public async Task RunAsync(DateTime now, CancellationToken cancellationToken)
    {
        var due = await _db.GetTable<PurchaseRow>()
            .Where(p => p.Status == PurchaseRow.Pending && p.NextCheckAt != null && Instants.AtOrBefore(p.NextCheckAt.Value, now))
            .OrderBy(p => p.NextCheckAt).Take(_terms.Options.ReconcileBatchSize).ToListAsync(cancellationToken);
        var settled = 0;
        foreach (var purchase in due)
        {
            AggregatorAnswer answer;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_terms.ReplyTimeout);
                answer = await _aggregator.StatusAsync(new AggregatorRequest(purchase.PurchaseId, purchase.OperatorCode, purchase.CircleCode, purchase.Subscriber,
                    purchase.AmountPaise), timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                answer = new AggregatorAnswer(AggregatorStatus.Pending);
            }
            if (answer.Status == AggregatorStatus.Pending)
            {
                var checks = purchase.Checks + 1;
                await _db.GetTable<PurchaseRow>().Where(p => p.Id == purchase.Id && p.Status == PurchaseRow.Pending)
                    .Set(p => p.Checks, checks).Set(p => p.NextCheckAt, _terms.NextCheck(now, checks)).UpdateAsync(cancellationToken);
                continue;
            }
            if (await _settlement.ApplyAsync(_db, purchase.Id, answer, "reconciliation", CancellationToken.None))
            {
                settled++;
            }
        }
        if (due.Count > 0)
        {
            Checked(due.Count, settled);
        }
    }

    [LoggerMessage(EventId = 8211, Level = LogLevel.Information, Message = "Recharge reconciliation: {Checked} pending purchase(s) checked, {Settled} settled")]
    private partial void Checked(int @checked, int settled);
}
