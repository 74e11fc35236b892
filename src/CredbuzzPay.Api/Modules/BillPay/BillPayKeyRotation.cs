using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Secrets;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.BillPay;

/// <summary>Re-encrypts the customer parameters of bill payments and saved billers under the active key (<c>rotate-keys</c>).</summary>
internal sealed class BillPayKeyRotation : IKeyRotation
{
    public string Name => "bills";

    public async Task<int> RotateAsync(AppDb db, SecretBox box, CancellationToken cancellationToken)
    {
        var count = 0;
        for (var offset = 0; ; offset += 500)
        {
            var rows = await db.GetTable<PaymentRow>().OrderBy(p => p.Id).Skip(offset).Take(500).Select(p => new { p.Id, p.ParamsEncrypted }).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                break;
            }
            foreach (var row in rows)
            {
                if (box.Rewrap(row.ParamsEncrypted, $"bill-payment:{row.Id:N}") is { } rewrapped)
                {
                    await db.GetTable<PaymentRow>().Where(p => p.Id == row.Id).Set(p => p.ParamsEncrypted, rewrapped).UpdateAsync(cancellationToken);
                    count++;
                }
            }
        }
        for (var offset = 0; ; offset += 500)
        {
            var rows = await db.GetTable<SavedBillerRow>().OrderBy(s => s.Id).Skip(offset).Take(500).Select(s => new { s.Id, s.ParamsEncrypted }).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                return count;
            }
            foreach (var row in rows)
            {
                if (box.Rewrap(row.ParamsEncrypted, $"bill-saved:{row.Id:N}") is { } rewrapped)
                {
                    await db.GetTable<SavedBillerRow>().Where(s => s.Id == row.Id).Set(s => s.ParamsEncrypted, rewrapped).UpdateAsync(cancellationToken);
                    count++;
                }
            }
        }
    }
}
