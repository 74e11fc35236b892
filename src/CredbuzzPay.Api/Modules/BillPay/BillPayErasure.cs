using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.BillPay;

/// <summary>
/// The bill payments module's part in an erasure: saved billers and fetched bills (the biller's name for the customer among them) are deleted,
/// the free text of complaints is overwritten; the payments themselves are transaction records, their parameters encrypted and masked, kept
/// with the ledger's for the retention period.
/// </summary>
internal sealed class BillPayErasure : IErasureParticipant
{
    public const string ErasedText = "(erased at the person's request)";

    public async Task<IReadOnlyList<ErasureLine>> EraseAsync(AppDb db, ErasureSubject subject, CancellationToken cancellationToken)
    {
        var saved = await db.GetTable<SavedBillerRow>().Where(s => s.UserId == subject.UserId).DeleteAsync(cancellationToken);
        saved += await db.GetTable<FetchRow>().Where(f => f.UserId == subject.UserId).DeleteAsync(cancellationToken);
        var complaints = await db.GetTable<ComplaintRow>().Where(c => c.UserId == subject.UserId)
            .Set(c => c.Reason, ErasedText).Set(c => c.Note, c => c.Note == null ? null : ErasedText).UpdateAsync(cancellationToken);
        var paid = await db.GetTable<PaymentRow>().AnyAsync(p => p.PayerId == subject.UserId, cancellationToken);
        var lines = new List<ErasureLine>();
        if (saved > 0)
        {
            lines.Add(new("Your saved billers and fetched bills", ErasureActions.Erased, "Conveniences; no law requires them."));
        }
        if (complaints > 0)
        {
            lines.Add(new("What you and staff wrote in your bill payment complaints", ErasureActions.Erased, "Free text; the complaints' outcomes stay with the payments."));
        }
        if (paid)
        {
            lines.Add(new("Your bill payments", ErasureActions.Retained, "Transaction records (PMLA s. 12), with the bill details encrypted and masked; kept with your transactions.",
                UntilRetentionEnds: true));
        }
        return lines;
    }
}
