using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>The KYC module's personal data by kind and age: submissions and documents (deleted ones excluded).</summary>
internal sealed class KycInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken)
    {
        return
        [
            await DataKindCount.OfAsync("kyc_records", db.GetTable<KycSubmission>().Where(s => s.DeletedAt == null), s => s.SubmittedAt, now, cancellationToken),
            await DataKindCount.OfAsync("kyc_documents", db.GetTable<KycDocument>().Where(d => d.DeletedAt == null), d => d.CreatedAt, now, cancellationToken),
        ];
    }
}
