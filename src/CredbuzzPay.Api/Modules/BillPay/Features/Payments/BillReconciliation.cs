using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.BillPay.Providers;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.BillPay.Features.Payments;

/// <summary>Pending bill payments asked of the provider's status API when due, with doubling waits; nothing is refunded on a guess.</summary>
internal sealed class BillReconciliation : IReconciliationTask
{
    private readonly AppDb _db;
    private readonly IBillProvider _provider;
    private readonly BillSettlement _settlement;
    private readonly BillPayTerms _terms;

    public BillReconciliation(AppDb db, IBillProvider provider, BillSettlement settlement, BillPayTerms terms)
    {
        _db = db;
        _provider = provider;
        _settlement = settlement;
        _terms = terms;
    }

    public string Name => "bill-status";

    public async Task RunAsync(DateTime now, CancellationToken cancellationToken)
    {
        var due = await _db.GetTable<PaymentRow>()
            .Where(p => p.Status == PaymentRow.Pending && p.NextCheckAt != null && Instants.AtOrBefore(p.NextCheckAt.Value, now))
            .OrderBy(p => p.NextCheckAt).Take(_terms.Options.ReconcileBatchSize).ToListAsync(cancellationToken);
        foreach (var payment in due)
        {
            var values = BillParams.FromJson(_terms.Open(payment.Id, payment.ParamsEncrypted));
            PayAnswer answer;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_terms.Options.ReplyTimeout);
                answer = await _provider.StatusAsync(new BillRequest(payment.Reference, payment.BillerId, values, payment.AmountPaise), timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                answer = new PayAnswer(PayOutcome.Pending);
            }
            if (answer.Outcome == PayOutcome.Pending)
            {
                var checks = payment.Checks + 1;
                await _db.GetTable<PaymentRow>().Where(p => p.Id == payment.Id && p.Status == PaymentRow.Pending)
                    .Set(p => p.Checks, checks).Set(p => p.NextCheckAt, _terms.Options.NextCheck(now, checks)).UpdateAsync(cancellationToken);
                continue;
            }
            await _settlement.ApplyAsync(_db, payment.Id, answer, "reconciliation", CancellationToken.None);
        }
    }
}
