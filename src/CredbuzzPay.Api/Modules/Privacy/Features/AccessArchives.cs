using System.IO.Compression;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

/// <summary>
/// Builds the archives of pending access requests (run by the platform's frequent job, every <c>Jobs:ReconcileSeconds</c>): every module's
/// <see cref="IPersonalDataSource"/> is asked for what it holds about the person, the parts are written as JSON files (and the person's own
/// files) into a ZIP, the ZIP is kept encrypted (AES-256-GCM) on the request for 24 hours, and the person is told by email. Archives past
/// their download time are erased. Safe to run twice: a request is claimed by a guarded status change.
/// </summary>
internal sealed partial class AccessArchives : IReconciliationTask
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
    private readonly AppDbFactory _factory;
    private readonly IEnumerable<IPersonalDataSource> _sources;
    private readonly SecretBox _box;
    private readonly ArchiveNotice _notice;
    private readonly ILogger<AccessArchives> _log;

    public AccessArchives(AppDbFactory factory, IEnumerable<IPersonalDataSource> sources, SecretBox box, ArchiveNotice notice, ILogger<AccessArchives> log)
    {
        _factory = factory;
        _sources = sources;
        _box = box;
        _notice = notice;
        _log = log;
    }

    public string Name => "privacy access archives";

    public static TimeSpan DownloadTime => TimeSpan.FromHours(24);

    public async Task RunAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        await db.GetTable<PrivacyRequestRow>().Where(r => r.Status == PrivacyRequestRow.Ready && r.DownloadUntil != null && Instants.AtOrBefore(r.DownloadUntil, now))
            .Set(r => r.Status, PrivacyRequestRow.Expired).Set(r => r.Archive, (byte[]?)null).UpdateAsync(cancellationToken);
        var pending = await db.GetTable<PrivacyRequestRow>().Where(r => r.Status == PrivacyRequestRow.Pending && r.Type == PrivacyRequestRow.Access)
            .OrderBy(r => r.CreatedAt).Take(10).ToListAsync(cancellationToken);
        foreach (var request in pending)
        {
            await BuildAsync(db, request, now, cancellationToken);
        }
    }

    private async Task BuildAsync(AppDb db, PrivacyRequestRow request, DateTime now, CancellationToken cancellationToken)
    {
        byte[] archive;
        try
        {
            archive = await ArchiveAsync(db, request, now, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(ex, request.RequestId);
            await db.GetTable<PrivacyRequestRow>().Where(r => r.Id == request.Id && r.Status == PrivacyRequestRow.Pending).Set(r => r.Status, PrivacyRequestRow.Failed)
                .Set(r => r.Failure, "The archive could not be built; staff have been alerted (app log).").Set(r => r.CompletedAt, now).UpdateAsync(CancellationToken.None);
            return;
        }
        var sealedArchive = _box.Encrypt(archive, Context(request.Id));
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var ready = await db.GetTable<PrivacyRequestRow>().Where(r => r.Id == request.Id && r.Status == PrivacyRequestRow.Pending)
            .Set(r => r.Status, PrivacyRequestRow.Ready).Set(r => r.Archive, sealedArchive).Set(r => r.ArchiveBytes, archive.LongLength)
            .Set(r => r.DownloadUntil, now + DownloadTime).Set(r => r.CompletedAt, now).UpdateAsync(cancellationToken);
        if (ready == 1)
        {
            await _notice.ReadyAsync(db, request, archive.LongLength, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        Built(request.RequestId, archive.LongLength);
    }

    private async Task<byte[]> ArchiveAsync(AppDb db, PrivacyRequestRow request, DateTime now, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var names = new List<string>();
            foreach (var source in _sources)
            {
                var part = await source.ExportAsync(db, request.UserId, request.FullNumbers, cancellationToken);
                names.Add(part.Name);
                await WriteAsync(zip, part.Name + ".json", JsonSerializer.SerializeToUtf8Bytes(part.Data, Json));
                foreach (var file in part.Files ?? [])
                {
                    await WriteAsync(zip, $"{part.Name}/{file.Name}", file.Content);
                }
            }
            var readme = $"Your data held by CredbuzzPay, as of {now:yyyy-MM-dd HH:mm} UTC (request {request.RequestId}).\n\n"
                + "Each file is one kind of data: " + string.Join(", ", names.Select(n => n + ".json")) + ".\n"
                + (request.FullNumbers
                    ? "The numbers you gave for KYC are shown in full, as you asked and confirmed with a code: keep this file safe. Card numbers are masked. "
                    : "Identity, account and card numbers are shown masked. ")
                + "To correct anything, update your profile or resubmit the KYC section; "
                + "for anything else, file a grievance (privacy/grievances).\n";
            await WriteAsync(zip, "README.txt", System.Text.Encoding.UTF8.GetBytes(readme));
        }
        return buffer.ToArray();
    }

    private static async Task WriteAsync(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(content);
    }

    public static string Context(Guid requestId) => $"privacy-archive:{requestId:N}";

    [LoggerMessage(EventId = 17101, Level = LogLevel.Information, Message = "Access archive {RequestId} built: {Bytes} bytes")]
    private partial void Built(string requestId, long bytes);

    [LoggerMessage(EventId = 17102, Level = LogLevel.Error, Message = "Access archive {RequestId} could not be built")]
    private partial void Failed(Exception ex, string requestId);
}
