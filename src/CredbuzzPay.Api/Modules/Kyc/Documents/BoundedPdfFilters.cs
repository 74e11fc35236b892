using System.Buffers;
using System.IO.Compression;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace CredbuzzPay.Api.Modules.Kyc.Documents;

/// <summary>A document that would cost more to read than <see cref="DocumentLimits"/> allow.</summary>
internal sealed class DocumentTooComplexException(string reason) : Exception(reason);

/// <summary>
/// Counts what one PDF's streams decompress to while PdfPig reads it. Every stream PdfPig decodes
/// (page content, fonts, object and cross-reference streams) passes through
/// <see cref="BoundedPdfFilters"/>, which charges the size a stream will decode to <em>before</em>
/// handing it to PdfPig's own filter; the charge that would go over a limit throws, so a small file
/// that inflates to gigabytes costs a bounded scan, not the gigabytes.
/// </summary>
internal sealed class PdfWorkMeter
{
    private readonly long _maxDecoded;
    private readonly long _maxContent;

    public PdfWorkMeter(long maxDecoded, long maxContent)
    {
        _maxDecoded = maxDecoded;
        _maxContent = maxContent;
    }

    public long Decoded { get; private set; }

    public long Content { get; private set; }

    /// <summary>Set once a limit was crossed; stays set even if PdfPig swallowed the exception.</summary>
    public string? Exceeded { get; private set; }

    /// <summary>How many more bytes a stream of this kind may still decode to (measuring scans stop just past it).</summary>
    public long Remaining(bool content) => Math.Max(0, Math.Min(_maxDecoded - Decoded, content ? _maxContent - Content : long.MaxValue));

    public void Charge(long bytes, bool content)
    {
        if (Exceeded is not null)
        {
            throw new DocumentTooComplexException(Exceeded);
        }
        Decoded += bytes;
        if (content)
        {
            Content += bytes;
        }
        if (Decoded > _maxDecoded)
        {
            Exceeded = $"it decompresses to more than {_maxDecoded / (1024 * 1024)} MB";
        }
        else if (Content > _maxContent)
        {
            Exceeded = $"its page content decompresses to more than {_maxContent / (1024 * 1024.0):0.#} MB";
        }
        if (Exceeded is not null)
        {
            throw new DocumentTooComplexException(Exceeded);
        }
    }
}

/// <summary>
/// PdfPig's filters (the same names and implementations as its default provider), each behind a
/// bound: the decoded size is worked out first, cheaply and without keeping the output (inflating
/// into a scratch buffer, counting LZW and run-length codes, reading image dimensions), and charged
/// to the <see cref="PdfWorkMeter"/>; only then does PdfPig's filter run.
/// </summary>
internal sealed class BoundedPdfFilters : BaseFilterProvider
{
    private static readonly string[] Names =
    [
        "ASCII85Decode", "A85", "ASCIIHexDecode", "AHx", "CCITTFaxDecode", "CCF", "DCTDecode", "DCT", "FlateDecode", "Fl",
        "JBIG2Decode", "JPXDecode", "RunLengthDecode", "RL", "LZWDecode", "LZW",
    ];

    public BoundedPdfFilters(PdfWorkMeter meter)
        : base(Names.ToDictionary(n => n, n => (IFilter)new BoundedFilter(n, DefaultFilterProvider.Instance.GetNamedFilters([NameToken.Create(n)])[0], meter)))
    {
    }

    private sealed class BoundedFilter(string name, IFilter inner, PdfWorkMeter meter) : IFilter
    {
        public bool IsSupported => inner.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            var content = IsContent(streamDictionary);
            meter.Charge(DecodedSize(name, input.Span, streamDictionary, filterIndex, meter.Remaining(content)), content);
            return inner.Decode(input, streamDictionary, filterProvider, filterIndex);
        }
    }

    /// <summary>An upper bound on what the named filter makes of <paramref name="input"/>; scans stop once past <paramref name="limit"/>.</summary>
    internal static long DecodedSize(string filter, ReadOnlySpan<byte> input, DictionaryToken dictionary, int filterIndex, long limit) => filter switch
    {
        "FlateDecode" or "Fl" => InflatedSize(input, limit),
        "LZWDecode" or "LZW" => LzwSize(input, EarlyChange(dictionary, filterIndex), limit),
        "RunLengthDecode" or "RL" => RunLengthSize(input),
        "ASCIIHexDecode" or "AHx" => input.Length / 2 + 1,
        "ASCII85Decode" or "A85" => Ascii85Size(input),
        "CCITTFaxDecode" or "CCF" or "JBIG2Decode" => BitmapSize(dictionary, filterIndex),
        // PdfPig does not decode these (IsSupported is false); it hands their bytes on as they are.
        _ => input.Length,
    };

    /// <summary>
    /// Whether the stream holds drawing instructions, which PdfPig parses into objects (the costly
    /// kind). Everything that is not recognisably something else counts as content.
    /// </summary>
    internal static bool IsContent(DictionaryToken dictionary)
    {
        if (Name(dictionary, NameToken.Type) is "ObjStm" or "XRef" or "Metadata" or "EmbeddedFile" or "CMap")
        {
            return false;
        }
        if (Name(dictionary, NameToken.Subtype) is "Image" or "Type1C" or "CIDFontType0C" or "OpenType" or "XML")
        {
            return false;
        }
        return !new[] { "Length1", "Length2", "Length3", "N" }.Any(key => dictionary.ContainsKey(NameToken.Create(key)));
    }

    /// <summary>Inflates as PdfPig does (zlib header skipped, raw deflate) into a scratch buffer, counting; what came before damage counts.</summary>
    internal static long InflatedSize(ReadOnlySpan<byte> input, long limit)
    {
        if (input.Length <= 2)
        {
            return 0;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var compressed = new MemoryStream(input[2..].ToArray(), writable: false);
            using var deflate = new DeflateStream(compressed, CompressionMode.Decompress);
            long total = 0;
            while (total <= limit)
            {
                int read;
                try
                {
                    read = deflate.Read(buffer, 0, buffer.Length);
                }
                catch (InvalidDataException)
                {
                    break;
                }
                if (read == 0)
                {
                    break;
                }
                total += read;
            }
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Runs the LZW code stream (PDF's variant: MSB first, 9 to 12 bits, clear 256, end 257) keeping only each entry's length.</summary>
    internal static long LzwSize(ReadOnlySpan<byte> input, int earlyChange, long limit)
    {
        var lengths = new int[4096];
        int codeLength = 9, next = 258, previous = -1;
        long total = 0, bitBuffer = 0;
        var bits = 0;
        var position = 0;
        while (total <= limit)
        {
            while (bits < codeLength && position < input.Length)
            {
                bitBuffer = (bitBuffer << 8) | input[position++];
                bits += 8;
            }
            if (bits < codeLength)
            {
                break;
            }
            var code = (int)((bitBuffer >> (bits - codeLength)) & ((1 << codeLength) - 1));
            bits -= codeLength;
            if (code == 256)
            {
                codeLength = 9;
                next = 258;
                previous = -1;
                continue;
            }
            if (code == 257)
            {
                break;
            }
            int length;
            if (code < 256)
            {
                length = 1;
            }
            else if (previous >= 0 && code < next)
            {
                length = lengths[code];
            }
            else if (previous >= 0 && code == next)
            {
                length = previous + 1;
            }
            else
            {
                break;
            }
            if (previous >= 0 && next < 4096)
            {
                lengths[next++] = previous + 1;
            }
            total += length;
            previous = length;
            codeLength = next + earlyChange >= 2048 ? 12 : next + earlyChange >= 1024 ? 11 : next + earlyChange >= 512 ? 10 : 9;
        }
        return total;
    }

    internal static long RunLengthSize(ReadOnlySpan<byte> input)
    {
        long total = 0;
        var i = 0;
        while (i < input.Length)
        {
            var length = input[i];
            if (length == 128)
            {
                break;
            }
            if (length < 128)
            {
                total += length + 1;
                i += length + 2;
            }
            else
            {
                total += 257 - length;
                i += 2;
            }
        }
        return total;
    }

    internal static long Ascii85Size(ReadOnlySpan<byte> input)
    {
        long zeros = 0, characters = 0;
        foreach (var b in input)
        {
            if (b == '~')
            {
                break;
            }
            if (b == 'z')
            {
                zeros++;
            }
            else if (b is >= (byte)'!' and <= (byte)'u')
            {
                characters++;
            }
        }
        return zeros * 4 + characters * 4 / 5 + 4;
    }

    /// <summary>A bilevel image's size from its declared columns and rows; a stream that does not say is refused.</summary>
    private static long BitmapSize(DictionaryToken dictionary, int filterIndex)
    {
        var parameters = DecodeParameterResolver.GetFilterParameters(dictionary, filterIndex);
        var columns = Number(parameters, "Columns") ?? Number(dictionary, "Width") ?? Number(dictionary, "W");
        var rows = Number(parameters, "Rows") ?? Number(dictionary, "Height") ?? Number(dictionary, "H");
        if (columns is not > 0 || rows is not > 0)
        {
            throw new DocumentTooComplexException("an image in it does not declare its size");
        }
        return (columns.Value + 7) / 8 * rows.Value;
    }

    private static int EarlyChange(DictionaryToken dictionary, int filterIndex) =>
        (int)(Number(DecodeParameterResolver.GetFilterParameters(dictionary, filterIndex), "EarlyChange") ?? 1);

    private static long? Number(DictionaryToken dictionary, string key) =>
        dictionary.TryGet(NameToken.Create(key), out var token) && token is NumericToken number ? number.Long : null;

    private static string? Name(DictionaryToken dictionary, NameToken key) =>
        dictionary.TryGet(key, out var token) && token is NameToken name ? name.Data : null;
}
