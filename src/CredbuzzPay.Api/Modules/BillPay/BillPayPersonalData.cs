using System.Text.Json;
using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.BillPay;

/// <summary>The bill-payment part of an access archive: payments, saved billers and complaints, with card and consumer numbers masked as everywhere.</summary>
internal sealed class BillPayPersonalData : IPersonalDataSource
{
    public async Task<PersonalDataPart> ExportAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var payments = await db.GetTable<PaymentRow>().Where(p => p.PayerId == userId).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        var saved = await db.GetTable<SavedBillerRow>().Where(s => s.UserId == userId).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        var complaints = await db.GetTable<ComplaintRow>().Where(c => c.UserId == userId).OrderBy(c => c.CreatedAt)
            .Select(c => new { c.ComplaintId, c.Reason, c.Status, c.Outcome, c.Note, c.CreatedAt, c.ResolvedAt }).ToListAsync(cancellationToken);
        return new PersonalDataPart("bill_payments", new
        {
            payments = payments.Select(p => new
            {
                p.PaymentId, p.Reference, p.BillerId, customer_params = JsonDocument.Parse(p.ParamsMasked).RootElement.Clone(), amount = Money.Format(p.AmountPaise),
                fee = Money.Format(p.FeePaise), p.PayFrom, p.Status, p.FailureReason, p.CreatedAt, p.PaidAt,
            }).ToList(),
            saved_billers = saved.Select(s => new { s.BillerId, s.Nickname, customer_params = JsonDocument.Parse(s.ParamsMasked).RootElement.Clone(), s.CreatedAt }).ToList(),
            complaints,
        });
    }
}
