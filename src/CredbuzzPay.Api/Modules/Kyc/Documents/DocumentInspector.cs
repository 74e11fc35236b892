using CredbuzzPay.Api.Platform.Errors;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Kyc.Documents;

/// <summary>What a document slot accepts.</summary>
internal sealed record DocumentRule(string Kind, bool AllowPdf = false, int MinSide = 200, bool Face = false);

/// <summary>A document that passed inspection: clean bytes (re-encoded, metadata gone) and their type.</summary>
internal sealed record CleanDocument(string Kind, string ContentType, byte[] Bytes);

/// <summary>
/// Decides a document's type from its content (never its name or declared type), refuses what is too
/// large, not JPEG/PNG (or PDF where allowed), undecodable or implausible, and rebuilds what it keeps:
/// images are decoded and re-encoded (EXIF, GPS, comments and any trailing bytes are gone), PDFs are
/// parsed and their pages copied into a new file (document info, XMP, scripts and attachments are gone).
/// The work a document may cause is bounded before it is done (<see cref="DocumentLimits"/>): image
/// dimensions and JPEG scans from the header, PDF decompression as it happens, and the memory of all
/// decodes in flight on this node through the <see cref="DecodeGate"/>. The documents of one request
/// are read one after the other, so a request's decode memory is that of its largest document.
/// </summary>
internal sealed class DocumentInspector
{
    private readonly long _maxBytes;
    private readonly DocumentLimits _limits;
    private readonly DecodeGate _gate;

    public DocumentInspector(IOptions<KycOptions> options, DecodeGate gate)
    {
        _maxBytes = options.Value.MaxDocumentBytes;
        _limits = options.Value.Documents;
        _gate = gate;
    }

    public async Task<CleanDocument> InspectAsync(IFormFile file, string field, DocumentRule rule, CancellationToken cancellationToken)
    {
        if (file.Length > _maxBytes)
        {
            throw ApiProblemException.PayloadTooLarge(field, $"The file is larger than {_maxBytes / (1024 * 1024.0):0.#} MB.");
        }
        if (file.Length == 0)
        {
            throw ApiProblemException.Validation(field, "The file is empty.");
        }
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        if (ImageDocuments.IsJpeg(bytes) || ImageDocuments.IsPng(bytes))
        {
            var header = ImageDocuments.ReadHeader(bytes, field, rule, _limits);
            using (await _gate.EnterAsync(header.DecodeBytes, field, cancellationToken))
            {
                return new CleanDocument(rule.Kind, header.ContentType, ImageDocuments.Reencode(bytes, field, header, _limits));
            }
        }
        if (PdfDocuments.IsPdf(bytes))
        {
            if (!rule.AllowPdf)
            {
                throw ApiProblemException.UnsupportedMediaType(field, "Only a JPEG or PNG image is accepted here.");
            }
            using (await _gate.EnterAsync(PdfDocuments.DecodeBytes(bytes.Length, _limits), field, cancellationToken))
            {
                return new CleanDocument(rule.Kind, "application/pdf", PdfDocuments.Rebuild(bytes, field, _limits));
            }
        }
        throw ApiProblemException.UnsupportedMediaType(field, rule.AllowPdf
            ? "Only a JPEG or PNG image or a PDF is accepted here."
            : "Only a JPEG or PNG image is accepted here.");
    }
}
