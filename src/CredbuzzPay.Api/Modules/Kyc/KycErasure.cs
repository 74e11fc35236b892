using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Kyc.Documents;
using CredbuzzPay.Api.Modules.Kyc.Features;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>
/// The KYC module's part in an erasure. RBI's KYC Master Direction (s. 46) and the PMLA Rules (r. 10) require the records of identification
/// to be kept five years after the relationship ends, so the submissions and their identity documents and selfie stay, sealed: the details
/// that were readable (names, dates of birth, the business) move into the encrypted part and the readable part is emptied, so nothing names
/// the person in the clear. Shop photographs are not identification and are deleted, files and all. The person's hold on their Aadhaar, PAN
/// and GSTIN ends, so the numbers can be used again. At the end of the period the retention job purges the sealed records and their files.
/// </summary>
internal sealed class KycErasure : IErasureParticipant
{
    public const string SealedPrefix = "sealed.";
    public const string ErasedBy = "privacy_erasure";
    private readonly KycStore _store;
    private readonly DocumentStore _documents;

    public KycErasure(KycStore store, DocumentStore documents)
    {
        _store = store;
        _documents = documents;
    }

    public async Task<IReadOnlyList<ErasureLine>> EraseAsync(AppDb db, ErasureSubject subject, CancellationToken cancellationToken)
    {
        var submissions = await db.GetTable<KycSubmission>().Where(s => s.UserId == subject.UserId).ToListAsync(cancellationToken);
        foreach (var submission in submissions)
        {
            var kept = _store.OpenPrivate(submission);
            foreach (var (name, value) in KycStore.DetailsOf(submission))
            {
                kept[SealedPrefix + name] = value;
            }
            if (submission.DeletedAt is null)
            {
                // A live section leaves the counters as a superseded one does: they count live sections.
                await KycCounters.AddAsync(db, submission, -1, cancellationToken);
            }
            // Out of every review queue and view too (they skip deleted submissions): locked, kept only for compliance.
            await db.GetTable<KycSubmission>().Where(s => s.Id == submission.Id)
                .Set(s => s.Details, "{}").Set(s => s.PrivateEncrypted, _store.SealPrivate(submission.Id, kept)).Set(s => s.UpdatedAt, subject.Now)
                .Set(s => s.DeletedAt, s => s.DeletedAt ?? subject.Now).Set(s => s.DeletedBy, s => s.DeletedBy ?? ErasedBy).UpdateAsync(cancellationToken);
        }
        var shops = await db.GetTable<KycDocument>().Where(d => d.UserId == subject.UserId && d.Kind == DocumentKinds.ShopImage).Select(d => d.StorageName).ToListAsync(cancellationToken);
        await db.GetTable<KycDocument>().Where(d => d.UserId == subject.UserId && d.Kind == DocumentKinds.ShopImage).DeleteAsync(cancellationToken);
        await db.GetTable<KycNumberClaim>().Where(c => c.UserId == subject.UserId).DeleteAsync(cancellationToken);
        // The files go now: a rolled-back erasure would leave rows pointing at nothing, which is the lesser harm than photographs kept after a request to erase.
        _documents.DeleteQuietly(shops);
        return
        [
            new("Your KYC records: identity numbers, names, dates of birth, addresses, identity documents, selfie and their review", ErasureActions.Retained,
                "RBI's KYC Master Direction (s. 46) and the PMLA Rules (r. 10) require records of identification for five years after the relationship ends. They are kept encrypted, used for nothing but compliance, and then purged.",
                UntilRetentionEnds: true),
            new("Photographs of your shop", ErasureActions.Erased, "Not records of identification; no law requires them."),
            new("Your hold on your Aadhaar, PAN and GST numbers", ErasureActions.Erased, "The numbers may be used again to open a new account."),
        ];
    }

    public async Task<int> PurgeRetainedAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var files = await db.GetTable<KycDocument>().Where(d => d.UserId == userId).Select(d => d.StorageName).ToListAsync(cancellationToken);
        var purged = await db.GetTable<KycDocument>().Where(d => d.UserId == userId).DeleteAsync(cancellationToken);
        purged += await db.GetTable<KycSubmission>().Where(s => s.UserId == userId).DeleteAsync(cancellationToken);
        purged += await db.GetTable<KycUserSubmission>().Where(s => s.UserId == userId).DeleteAsync(cancellationToken);
        _documents.DeleteQuietly(files);
        return purged;
    }
}
