using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>The KYC module's personal data by kind and age: submissions and documents (deleted ones excluded).</summary>
internal sealed class KycInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken)
    {
        var (one, five) = (now.AddYears(-1), now.AddYears(-5));
        var submissions = db.GetTable<KycSubmission>().Where(s => s.DeletedAt == null);
        var documents = db.GetTable<KycDocument>().Where(d => d.DeletedAt == null);
        return
        [
            new("kyc_records", await submissions.LongCountAsync(cancellationToken), await submissions.LongCountAsync(s => Instants.Before(s.SubmittedAt, one), cancellationToken),
                await submissions.LongCountAsync(s => Instants.Before(s.SubmittedAt, five), cancellationToken), await submissions.MinAsync(s => (DateTime?)s.SubmittedAt, cancellationToken)),
            new("kyc_documents", await documents.LongCountAsync(cancellationToken), await documents.LongCountAsync(d => Instants.Before(d.CreatedAt, one), cancellationToken),
                await documents.LongCountAsync(d => Instants.Before(d.CreatedAt, five), cancellationToken), await documents.MinAsync(d => (DateTime?)d.CreatedAt, cancellationToken)),
        ];
    }
}
