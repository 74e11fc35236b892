using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Kyc.Documents;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Secrets;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>Re-encrypts KYC numbers, addresses and document files under the active key.</summary>
internal sealed class KycKeyRotation : IKeyRotation
{
    private const int Batch = 500;
    private readonly DocumentStore _files;

    public KycKeyRotation(DocumentStore files) => _files = files;

    public string Name => "kyc";

    public async Task<int> RotateAsync(AppDb db, SecretBox box, CancellationToken cancellationToken)
    {
        var count = 0;
        var offset = 0;
        while (true)
        {
            var rows = await db.GetTable<KycSubmission>().OrderBy(s => s.Id).Skip(offset).Take(Batch)
                .Select(s => new { s.Id, s.NumberEncrypted, s.PrivateEncrypted }).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                break;
            }
            foreach (var row in rows)
            {
                var number = row.NumberEncrypted is null ? null : box.Rewrap(row.NumberEncrypted, $"kyc_submissions:number:{row.Id:N}");
                var secret = row.PrivateEncrypted is null ? null : box.Rewrap(row.PrivateEncrypted, $"kyc_submissions:private:{row.Id:N}");
                if (number is not null)
                {
                    await db.GetTable<KycSubmission>().Where(s => s.Id == row.Id).Set(s => s.NumberEncrypted, number).UpdateAsync(cancellationToken);
                    count++;
                }
                if (secret is not null)
                {
                    await db.GetTable<KycSubmission>().Where(s => s.Id == row.Id).Set(s => s.PrivateEncrypted, secret).UpdateAsync(cancellationToken);
                    count++;
                }
            }
            offset += rows.Count;
        }
        var active = box.ActiveKeyVersion;
        var documents = await db.GetTable<KycDocument>().Where(d => d.KeyVersion != active).Select(d => new { d.Id, d.StorageName }).ToListAsync(cancellationToken);
        foreach (var document in documents)
        {
            var version = await _files.ReencryptAsync(box, document.Id, document.StorageName, cancellationToken);
            await db.GetTable<KycDocument>().Where(d => d.Id == document.Id).Set(d => d.KeyVersion, version).UpdateAsync(cancellationToken);
            count++;
        }
        return count;
    }
}
