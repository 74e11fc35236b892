using CredbuzzPay.Api.Platform.Errors;
using Microsoft.Extensions.Options;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Writer;

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
/// </summary>
internal sealed class DocumentInspector
{
    private const long MaxPixels = 40_000_000;
    private const int MaxPdfPages = 20;
    private readonly long _maxBytes;

    public DocumentInspector(IOptions<KycOptions> options) => _maxBytes = options.Value.MaxDocumentBytes;

    public long MaxBytes => _maxBytes;

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
        return Inspect(bytes, field, rule);
    }

    public CleanDocument Inspect(byte[] bytes, string field, DocumentRule rule)
    {
        if (IsJpeg(bytes) || IsPng(bytes))
        {
            return new CleanDocument(rule.Kind, IsJpeg(bytes) ? "image/jpeg" : "image/png", ReencodeImage(bytes, field, rule));
        }
        if (IsPdf(bytes))
        {
            if (!rule.AllowPdf)
            {
                throw ApiProblemException.UnsupportedMediaType(field, "Only a JPEG or PNG image is accepted here.");
            }
            return new CleanDocument(rule.Kind, "application/pdf", RebuildPdf(bytes, field));
        }
        throw ApiProblemException.UnsupportedMediaType(field, rule.AllowPdf
            ? "Only a JPEG or PNG image or a PDF is accepted here."
            : "Only a JPEG or PNG image is accepted here.");
    }

    private static byte[] ReencodeImage(byte[] bytes, string field, DocumentRule rule)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data)
            ?? throw ApiProblemException.Validation(field, "The image could not be read; it may be damaged.");
        var info = codec.Info;
        if ((long)info.Width * info.Height > MaxPixels)
        {
            throw ApiProblemException.Validation(field, "The image has too many pixels.");
        }
        if (Math.Min(info.Width, info.Height) < rule.MinSide)
        {
            throw ApiProblemException.Validation(field, $"The image is too small; its shorter side must be at least {rule.MinSide} pixels.");
        }
        if (rule.Face)
        {
            // The liveness placeholder: a portrait-sized picture, not a strip or a thumbnail.
            var ratio = info.Width / (double)info.Height;
            if (ratio is < 0.5 or > 1.5)
            {
                throw ApiProblemException.Validation(field, "The selfie must be a portrait or square photo of your face.");
            }
        }
        var format = codec.EncodedFormat;
        using var bitmap = SKBitmap.Decode(codec, new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw ApiProblemException.Validation(field, "The image could not be read; it may be damaged.");
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = format == SKEncodedImageFormat.Png
            ? image.Encode(SKEncodedImageFormat.Png, 100)
            : image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return encoded?.ToArray() ?? throw ApiProblemException.Validation(field, "The image could not be processed.");
    }

    private static byte[] RebuildPdf(byte[] bytes, string field)
    {
        try
        {
            using var source = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = false });
            if (source.NumberOfPages is < 1 or > MaxPdfPages)
            {
                throw ApiProblemException.Validation(field, $"The PDF must have 1 to {MaxPdfPages} pages.");
            }
            using var builder = new PdfDocumentBuilder();
            for (var page = 1; page <= source.NumberOfPages; page++)
            {
                builder.AddPage(source, page);
            }
            return builder.Build();
        }
        catch (ApiProblemException)
        {
            throw;
        }
        catch (Exception)
        {
            // Damaged, encrypted or hostile files all land here; their parser's message is not the client's business.
            throw ApiProblemException.Validation(field, "The PDF could not be read; it may be damaged or password-protected.");
        }
    }

    private static bool IsJpeg(ReadOnlySpan<byte> b) => b.Length > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;

    private static bool IsPng(ReadOnlySpan<byte> b) => b.Length > 8 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });

    private static bool IsPdf(ReadOnlySpan<byte> b) => b.Length > 5 && b[..5].SequenceEqual("%PDF-"u8);
}
