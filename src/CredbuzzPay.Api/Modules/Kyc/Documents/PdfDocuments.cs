using CredbuzzPay.Api.Platform.Errors;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Writer;

namespace CredbuzzPay.Api.Modules.Kyc.Documents;

/// <summary>
/// PDF documents through PdfPig: opened strictly, with every stream decoded through
/// <see cref="BoundedPdfFilters"/> so that decompression is counted as it happens, the object count
/// and page count checked, and the pages copied into a new file that carries no document
/// information, XMP, scripts or attachments.
/// </summary>
internal static class PdfDocuments
{
    /// <summary>
    /// Memory one PDF may take while it is read: PdfPig turns page content into objects of about 70
    /// bytes per byte of content (measured, docs/benchmarks.md), plus the decoded streams and the file.
    /// </summary>
    public static long DecodeBytes(long fileBytes, DocumentLimits limits) => 64 * limits.MaxPdfContentBytes + limits.MaxPdfDecodedBytes + 2 * fileBytes;

    public static bool IsPdf(ReadOnlySpan<byte> b) => b.Length > 5 && b[..5].SequenceEqual("%PDF-"u8);

    public static byte[] Rebuild(byte[] bytes, string field, DocumentLimits limits)
    {
        var meter = new PdfWorkMeter(limits.MaxPdfDecodedBytes, limits.MaxPdfContentBytes);
        try
        {
            using var source = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = false, FilterProvider = new BoundedPdfFilters(meter), MaxStackDepth = 64 });
            if (source.Structure.CrossReferenceTable.ObjectOffsets.Count > limits.MaxPdfObjects)
            {
                throw new DocumentTooComplexException($"it has more than {limits.MaxPdfObjects} objects");
            }
            if (source.NumberOfPages is < 1 || source.NumberOfPages > limits.MaxPdfPages)
            {
                throw ApiProblemException.Validation(field, $"The PDF must have 1 to {limits.MaxPdfPages} pages.");
            }
            using var builder = new PdfDocumentBuilder();
            for (var page = 1; page <= source.NumberOfPages; page++)
            {
                builder.AddPage(source, page);
            }
            var rebuilt = builder.Build();
            // PdfPig may have caught a refusal of ours and carried on; the meter remembers.
            return meter.Exceeded is null ? rebuilt : throw new DocumentTooComplexException(meter.Exceeded);
        }
        catch (ApiProblemException)
        {
            throw;
        }
        catch (Exception) when (meter.Exceeded is { } reason)
        {
            throw TooComplex(field, reason);
        }
        catch (DocumentTooComplexException tooComplex)
        {
            throw TooComplex(field, tooComplex.Message);
        }
        catch (Exception)
        {
            // Damaged, encrypted or hostile files all land here; their parser's message is not the client's business.
            throw ApiProblemException.Validation(field, "The PDF could not be read; it may be damaged or password-protected.");
        }
    }

    private static ApiProblemException TooComplex(string field, string reason) =>
        ApiProblemException.PayloadTooLarge(field, $"This PDF is refused: {reason}. Send the document as issued, or a scan of it.");
}
