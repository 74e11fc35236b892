using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CredbuzzPay.Tests.Kyc;

/// <summary>
/// Hostile documents built from their file formats' own rules (never with the service's code): small
/// files that declare or inflate to far more than they weigh.
/// </summary>
public static class DocumentBombs
{
    /// <summary>Zlib data inflating to <paramref name="inflated"/> bytes of the same drawing instruction, written a chunk at a time.</summary>
    public static byte[] DeflatedContent(long inflated, string instruction = "0 0 m\n")
    {
        var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(instruction, 64 * 1024 / instruction.Length)));
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (long written = 0; written < inflated; written += chunk.Length)
            {
                zlib.Write(chunk);
            }
        }
        return output.ToArray();
    }

    public static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }

    /// <summary>
    /// A one-page PDF (PDF 1.7 §7.5: header, numbered objects, cross-reference table, trailer) whose
    /// page content is <paramref name="content"/> under <paramref name="filter"/>; <paramref name="extraObjects"/>
    /// more objects (each <c>null</c>) pad the cross-reference table.
    /// </summary>
    public static byte[] Pdf(byte[] content, string filter = "/FlateDecode", int extraObjects = 0)
    {
        var file = new MemoryStream();
        var offsets = new List<long>();
        void Write(string text) => file.Write(Encoding.ASCII.GetBytes(text));
        void Object(string body)
        {
            offsets.Add(file.Position);
            Write($"{offsets.Count} 0 obj {body} endobj\n");
        }
        Write("%PDF-1.7\n");
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>");
        offsets.Add(file.Position);
        Write($"4 0 obj << /Length {content.Length} /Filter {filter} >> stream\n");
        file.Write(content);
        Write("\nendstream endobj\n");
        for (var i = 0; i < extraObjects; i++)
        {
            Object("null");
        }
        var xref = file.Position;
        Write($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write($"{offset:D10} 00000 n \n");
        }
        Write($"trailer << /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return file.ToArray();
    }

    /// <summary>
    /// A valid PNG (RFC 2083: signature, IHDR, IDAT, IEND, each with its CRC-32) of
    /// <paramref name="width"/> × <paramref name="height"/> black RGB pixels, streamed row by row:
    /// 6000 × 6000 weighs about 100 KB and would decode to 144 MB.
    /// </summary>
    public static byte[] Png(int width, int height)
    {
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = 2; // truecolour
        Chunk(file, "IHDR", header);
        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + width * 3]; // filter type 0, then the row's samples
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }
        Chunk(file, "IDAT", pixels.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>A real baseline JPEG with its scan repeated until it has <paramref name="scans"/> start-of-scan segments (ITU T.81 marker 0xFFDA).</summary>
    public static byte[] JpegWithScans(byte[] jpeg, int scans)
    {
        var sos = IndexOf(jpeg, [0xFF, 0xDA]);
        var eoi = jpeg.Length - 2;
        var scan = jpeg[sos..eoi];
        using var file = new MemoryStream();
        file.Write(jpeg.AsSpan(0, sos));
        for (var i = 0; i < scans; i++)
        {
            file.Write(scan);
        }
        file.Write(jpeg.AsSpan(eoi));
        return file.ToArray();
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        file.Write(crc);
    }

    /// <summary>CRC-32 as RFC 2083 §15 gives it (reflected polynomial 0xEDB88320), bit by bit.</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 2; i < haystack.Length - 1; i++)
        {
            if (haystack[i] == needle[0] && haystack[i + 1] == needle[1])
            {
                return i;
            }
        }
        throw new InvalidOperationException("marker not found");
    }
}
