using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.BillPay.Providers;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.BillPay.Features.Payments;

/// <summary>
/// The one place a bill payment's final answer is applied (the provider's reply or its status API): the payment's guarded
/// status change and the money in one ledger transaction, so an answer applies once. SUCCESS posts the hold: the biller is
/// owed the amount less a retailer's margin, the margin goes back to the retailer's wallet (netted in its one posting), the fee
/// to fee income. FAILED voids the hold. PENDING changes nothing.
/// </summary>
internal sealed class BillSettlement
{
    private readonly ILedger _ledger;
    private readonly IAuditTrail _audit;
    private readonly BillPayTerms _terms;

    public BillSettlement(ILedger ledger, IAuditTrail audit, BillPayTerms terms)
    {
        _ledger = ledger;
        _audit = audit;
        _terms = terms;
    }

    public async Task<bool> ApplyAsync(AppDb db, Guid paymentId, PayAnswer answer, string by, CancellationToken cancellationToken)
    {
        if (answer.Outcome == PayOutcome.Pending)
        {
            return false;
        }
        var payment = await db.GetTable<PaymentRow>().FirstOrDefaultAsync(p => p.Id == paymentId && p.Status == PaymentRow.Pending, cancellationToken);
        if (payment is null)
        {
            return false;
        }
        var now = _terms.Now;
        return await _ledger.RunAsync(db, async books =>
        {
            var success = answer.Outcome == PayOutcome.Success;
            var reason = success ? null : (answer.Reason is { Length: > 200 } r ? r[..200] : answer.Reason) ?? "The biller did not accept the payment.";
            var moved = await books.Db.GetTable<PaymentRow>().Where(p => p.Id == payment.Id && p.Status == PaymentRow.Pending)
                .Set(p => p.Status, success ? PaymentRow.Success : PaymentRow.Failed).Set(p => p.BillerRef, answer.BillerRef).Set(p => p.FailureReason, reason)
                .Set(p => p.PaidAt, success ? now : null).Set(p => p.NextCheckAt, (DateTime?)null)
                .UpdateAsync(cancellationToken);
            if (moved != 1)
            {
                return false;
            }
            if (success)
            {
                var shares = new List<Share> { new(SystemAccounts.IdOf(SystemAccounts.BillerSettlement), payment.AmountPaise - payment.MarginPaise) };
                if (payment.MarginPaise > 0)
                {
                    shares.Add(new Share(payment.AccountId, payment.MarginPaise));
                }
                if (payment.FeePaise > 0)
                {
                    shares.Add(new Share(SystemAccounts.FeeIncomeFor(payment.AccountId), payment.FeePaise));
                }
                _ = await books.SettleSplitAsync(payment.EntryId, answer.BillerRef, shares) ?? throw new InvalidOperationException("A pending payment's entry was not pending.");
            }
            else
            {
                _ = await books.VoidAsync(payment.EntryId, reason!) ?? throw new InvalidOperationException("A pending payment's entry was not pending.");
            }
            await _audit.RecordAsync(books.Db, new AuditEvent(success ? "bills.paid" : "bills.failed", "bill_payment", payment.PaymentId, new
            {
                biller = payment.BillerId, amount = Money.Format(payment.AmountPaise), fee = Money.Format(payment.FeePaise), by, reason,
            }, by), cancellationToken);
            return true;
        }, cancellationToken);
    }
}
