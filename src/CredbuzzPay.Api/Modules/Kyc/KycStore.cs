using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Kyc.Documents;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Secrets;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>A document to keep with a new section version.</summary>
internal sealed record NewDocument(CleanDocument Document);

/// <summary>
/// The KYC module's data rules in one place: live versions, supersession with soft delete, the
/// encrypted number with its blind index and one-user-per-number claim, encrypted addresses,
/// documents written encrypted, and the user's overall status.
/// </summary>
internal sealed class KycStore
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly SecretBox _box;
    private readonly byte[] _indexKey;
    private readonly DocumentStore _documents;
    private readonly IUserDirectory _users;
    private readonly Privacy.Contracts.ICorrectionLog _corrections;
    private readonly TimeProvider _clock;

    public KycStore(SecretBox box, KeyRing keys, DocumentStore documents, IUserDirectory users, Privacy.Contracts.ICorrectionLog corrections, TimeProvider clock)
    {
        _corrections = corrections;
        _box = box;
        _indexKey = keys.GetArray(KeyNames.BlindIndex);
        _documents = documents;
        _users = users;
        _clock = clock;
    }

    public DateTime Now => _clock.GetUtcNow().UtcDateTime;

    public Task<KycSubmission?> LiveAsync(AppDb db, Guid userId, string section, CancellationToken cancellationToken) =>
        db.GetTable<KycSubmission>().FirstOrDefaultAsync(s => s.UserId == userId && s.Section == section && s.DeletedAt == null, cancellationToken);

    public async Task<Dictionary<string, KycSubmission>> AllLiveAsync(AppDb db, Guid userId, CancellationToken cancellationToken) =>
        (await db.GetTable<KycSubmission>().Where(s => s.UserId == userId && s.DeletedAt == null).ToListAsync(cancellationToken))
            .GroupBy(s => s.Section).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.SubmittedAt).First());

    public Task<List<KycDocument>> DocumentsAsync(AppDb db, Guid submissionId, CancellationToken cancellationToken) =>
        db.GetTable<KycDocument>().Where(d => d.SubmissionId == submissionId && d.DeletedAt == null).OrderBy(d => d.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>Keyed blind index of a number: equal numbers give equal indexes, nothing else can be read from it.</summary>
    public string BlindIndex(string kind, string number) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_indexKey, Encoding.UTF8.GetBytes($"kyc:{kind}:{number}")));

    public byte[] SealNumber(Guid submissionId, string number) => _box.EncryptString(number, NumberContext(submissionId));

    public string OpenNumber(KycSubmission submission) => _box.DecryptString(submission.NumberEncrypted!, NumberContext(submission.Id));

    public byte[] SealPrivate(Guid submissionId, Dictionary<string, string?> values) =>
        _box.Encrypt(JsonSerializer.SerializeToUtf8Bytes(values, Json), PrivateContext(submissionId));

    public Dictionary<string, string?> OpenPrivate(KycSubmission submission) =>
        submission.PrivateEncrypted is null
            ? []
            : JsonSerializer.Deserialize<Dictionary<string, string?>>(_box.Decrypt(submission.PrivateEncrypted, PrivateContext(submission.Id)), Json) ?? [];

    public static Dictionary<string, string?> DetailsOf(KycSubmission submission) =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(submission.Details, Json) ?? [];

    /// <summary>
    /// Makes <paramref name="userId"/> the holder of the number (409 when another user holds it, without
    /// saying who); the user's previous number of this kind is released.
    /// </summary>
    public async Task ClaimNumberAsync(AppDb db, string kind, string index, Guid userId, string field, string label, CancellationToken cancellationToken)
    {
        var holder = await db.GetTable<KycNumberClaim>().Where(c => c.Kind == kind && c.NumberIndex == index).Select(c => (Guid?)c.UserId).FirstOrDefaultAsync(cancellationToken);
        if (holder == userId)
        {
            return;
        }
        if (holder is not null)
        {
            throw AlreadyRegistered(field, label);
        }
        await db.GetTable<KycNumberClaim>().Where(c => c.Kind == kind && c.UserId == userId).DeleteAsync(cancellationToken);
        try
        {
            await db.InsertAsync(new KycNumberClaim { Kind = kind, NumberIndex = index, UserId = userId, ClaimedAt = Now }, token: cancellationToken);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw AlreadyRegistered(field, label);
        }
    }

    /// <summary>
    /// Soft-deletes the live version of the section and its documents (409 when it is verified).
    /// Call inside the transaction that inserts the new version.
    /// </summary>
    public async Task<KycSubmission?> SupersedeAsync(AppDb db, Guid userId, string section, string actor, CancellationToken cancellationToken)
    {
        var live = await LiveAsync(db, userId, section, cancellationToken);
        if (live is null)
        {
            return null;
        }
        if (live.Status == KycStatuses.Verified)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", $"Your {Label(section)} details are already verified and cannot be replaced here.");
        }
        var now = Now;
        await db.GetTable<KycSubmission>().Where(s => s.Id == live.Id && s.DeletedAt == null)
            .Set(s => s.DeletedAt, now).Set(s => s.DeletedBy, actor).Set(s => s.LiveKey, (string?)null).Set(s => s.UpdatedAt, now)
            .UpdateAsync(cancellationToken);
        await db.GetTable<KycDocument>().Where(d => d.SubmissionId == live.Id && d.DeletedAt == null)
            .Set(d => d.DeletedAt, now).Set(d => d.DeletedBy, actor)
            .UpdateAsync(cancellationToken);
        await KycCounters.AddAsync(db, live, -1, cancellationToken);
        // A resubmission corrects the KYC data the person gave: the privacy request log records it (DPDP Act s. 12).
        await _corrections.RecordAsync(db, userId, live.UserCode, live.BranchCode, $"KYC {Label(section)} details resubmitted", cancellationToken);
        return live;
    }

    /// <summary>Inserts a new live version (409 when a concurrent submission of the same section won).</summary>
    public async Task InsertAsync(AppDb db, KycSubmission submission, CancellationToken cancellationToken)
    {
        submission.LiveKey = LiveKey(submission.UserId, submission.Section);
        try
        {
            await db.InsertAsync(submission, token: cancellationToken);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "Another submission of this section is being saved; try again.");
        }
        await KycCounters.AddAsync(db, submission, 1, cancellationToken);
    }

    /// <summary>
    /// Writes each document encrypted to disk and its row in <paramref name="db"/>'s transaction. The
    /// file names written are added to <paramref name="written"/> so the caller can remove them if the
    /// transaction does not commit.
    /// </summary>
    public async Task<List<KycDocument>> AddDocumentsAsync(AppDb db, KycSubmission submission, IEnumerable<CleanDocument> documents, List<string> written, CancellationToken cancellationToken)
    {
        var rows = new List<KycDocument>();
        foreach (var document in documents)
        {
            var row = new KycDocument
            {
                Id = Guid.CreateVersion7(_clock.GetUtcNow()),
                SubmissionId = submission.Id,
                UserId = submission.UserId,
                Kind = document.Kind,
                ContentType = document.ContentType,
                ByteSize = document.Bytes.Length,
                StorageName = DocumentStore.NewStorageName(),
                CreatedAt = Now,
            };
            written.Add(row.StorageName);
            row.KeyVersion = await _documents.WriteAsync(row.Id, row.StorageName, document.Bytes, cancellationToken);
            await db.InsertAsync(row, token: cancellationToken);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Recomputes the user's overall KYC status from the live sections and stores it on the user.</summary>
    public async Task<string> RefreshOverallAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var statuses = await db.GetTable<KycSubmission>().Where(s => s.UserId == userId && s.DeletedAt == null).Select(s => new { s.Section, s.Status }).ToListAsync(cancellationToken);
        var overall = Overall(statuses.Select(s => s.Status).ToList(), statuses.Select(s => s.Section).Distinct().Count());
        await _users.SetKycStatusAsync(db, userId, overall, cancellationToken);
        return overall;
    }

    public static string Overall(IReadOnlyList<string> statuses, int sectionsPresent)
    {
        if (sectionsPresent == KycSections.All.Count && statuses.All(s => s == KycStatuses.Verified))
        {
            return OverallKycStatuses.Verified;
        }
        if (statuses.Any(s => s is KycStatuses.Rejected or KycStatuses.ResubmissionRequested))
        {
            return OverallKycStatuses.ActionRequired;
        }
        if (statuses.Any(s => s == KycStatuses.Verified))
        {
            return OverallKycStatuses.PartiallyVerified;
        }
        return statuses.Count > 0 ? OverallKycStatuses.Pending : OverallKycStatuses.NotStarted;
    }

    public static string Label(string section) => section switch
    {
        KycSections.Aadhaar => "Aadhaar",
        KycSections.Pan => "PAN",
        KycSections.Business => "business",
        _ => "bank",
    };

    public static string LiveKey(Guid userId, string section) => $"{userId:N}:{section}";

    private static ApiProblemException AlreadyRegistered(string field, string label) =>
        ApiProblemException.Conflict(field, $"This {label} is already registered to another account.");

    private static string NumberContext(Guid id) => $"kyc_submissions:number:{id:N}";

    private static string PrivateContext(Guid id) => $"kyc_submissions:private:{id:N}";
}
