using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Kyc.Documents;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>
/// The KYC part of an access archive: every submission (superseded ones too) with its number masked, its details and the person's own
/// addresses, the review outcome, and the documents and selfies as files (decrypted for the owner). Deleted documents are gone and not in it.
/// </summary>
internal sealed class KycPersonalData : IPersonalDataSource
{
    private readonly KycStore _store;
    private readonly DocumentStore _documents;

    public KycPersonalData(KycStore store, DocumentStore documents)
    {
        _store = store;
        _documents = documents;
    }

    public Task<PersonalDataPart> ExportAsync(AppDb db, Guid userId, CancellationToken cancellationToken) => ExportAsync(db, userId, false, cancellationToken);

    /// <summary>With <paramref name="fullNumbers"/> the numbers are decrypted for their owner (a request confirmed by a fresh OTP); masked otherwise.</summary>
    public async Task<PersonalDataPart> ExportAsync(AppDb db, Guid userId, bool fullNumbers, CancellationToken cancellationToken)
    {
        var submissions = await db.GetTable<KycSubmission>().Where(s => s.UserId == userId && s.DeletedAt == null).OrderBy(s => s.SubmittedAt).ToListAsync(cancellationToken);
        var documents = await db.GetTable<KycDocument>().Where(d => d.UserId == userId && d.DeletedAt == null).OrderBy(d => d.CreatedAt).ToListAsync(cancellationToken);
        var files = new List<PersonalDataFile>();
        foreach (var document in documents)
        {
            var extension = document.ContentType switch { "image/jpeg" => "jpg", "image/png" => "png", "application/pdf" => "pdf", _ => "bin" };
            files.Add(new PersonalDataFile($"{document.Kind}-{document.Id:N}.{extension}", document.ContentType,
                await _documents.ReadAsync(document.Id, document.StorageName, cancellationToken)));
        }
        var sections = submissions.Select(s => new
        {
            s.Section, s.Status, number = s.NumberLast4 is null ? null : fullNumbers && s.NumberEncrypted is not null ? _store.OpenNumber(s) : Features.SectionViews.MaskOf(s), details = KycStore.DetailsOf(s),
            addresses = s.PrivateEncrypted is null ? null : _store.OpenPrivate(s), s.ProviderStatus, s.ReviewReason, s.ReviewedAt, s.SubmittedAt, s.VerifiedAt,
            current = s.LiveKey != null,
        }).ToList();
        return new PersonalDataPart("kyc", new
        {
            sections, documents = documents.Select(d => new { d.Kind, d.ContentType, d.ByteSize, d.CreatedAt, file = files[documents.IndexOf(d)].Name }).ToList(),
        }, files);
    }
}
