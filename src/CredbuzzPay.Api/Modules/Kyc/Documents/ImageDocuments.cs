using CredbuzzPay.Api.Platform.Errors;
using SkiaSharp;

namespace CredbuzzPay.Api.Modules.Kyc.Documents;

/// <summary>What an image's header says, read without decoding a pixel.</summary>
internal sealed record ImageHeader(string ContentType, SKEncodedImageFormat Format, int Width, int Height, SKSizeI Decoded, SKSizeI Stored)
{
    /// <summary>Memory the decode takes: the decoded pixels plus the scaled copy that is stored (4 bytes a pixel each).</summary>
    public long DecodeBytes => 4L * Decoded.Width * Decoded.Height + (Stored == Decoded ? 0 : 4L * Stored.Width * Stored.Height);
}

/// <summary>
/// JPEG and PNG documents through SkiaSharp: the header is checked first (pixel count, shape, JPEG
/// scans), then the image is decoded (JPEGs straight at a reduced scale when they are larger than
/// what is stored), scaled to at most <see cref="DocumentLimits.MaxStoredImageSide"/> and re-encoded,
/// which drops every metadata segment and any bytes after the image.
/// </summary>
internal static class ImageDocuments
{
    public static bool IsJpeg(ReadOnlySpan<byte> b) => b.Length > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;

    public static bool IsPng(ReadOnlySpan<byte> b) => b.Length > 8 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });

    public static ImageHeader ReadHeader(byte[] bytes, string field, DocumentRule rule, DocumentLimits limits)
    {
        var jpeg = IsJpeg(bytes);
        if (jpeg && JpegScans(bytes) > limits.MaxJpegScans)
        {
            throw ApiProblemException.PayloadTooLarge(field, $"The JPEG has more than {limits.MaxJpegScans} scans; save it again as an ordinary JPEG.");
        }
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw ApiProblemException.Validation(field, "The image could not be read; it may be damaged.");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw ApiProblemException.Validation(field, "The image could not be read; it may be damaged.");
        }
        if ((long)info.Width * info.Height > limits.MaxImagePixels)
        {
            throw ApiProblemException.PayloadTooLarge(field, $"The image has more than {limits.MaxImagePixels / 1_000_000.0:0.#} million pixels; send a smaller picture.");
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
        var scale = Math.Min(1.0, limits.MaxStoredImageSide / (double)Math.Max(info.Width, info.Height));
        var stored = new SKSizeI(Math.Max(1, (int)Math.Round(info.Width * scale)), Math.Max(1, (int)Math.Round(info.Height * scale)));
        // libjpeg decodes at 1/2, 1/4 or 1/8 for a fraction of the work; PNG has no such shortcut.
        var decoded = scale < 1 ? codec.GetScaledDimensions((float)scale) : new SKSizeI(info.Width, info.Height);
        if (decoded.Width < stored.Width || decoded.Height < stored.Height)
        {
            decoded = new SKSizeI(info.Width, info.Height);
        }
        return new ImageHeader(jpeg ? "image/jpeg" : "image/png", codec.EncodedFormat, info.Width, info.Height, decoded, stored);
    }

    public static byte[] Reencode(byte[] bytes, string field, ImageHeader header, DocumentLimits limits)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw ApiProblemException.Validation(field, "The image could not be read; it may be damaged.");
        using var bitmap = new SKBitmap(new SKImageInfo(header.Decoded.Width, header.Decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        // IncompleteInput is a truncated upload: part of the picture would be grey.
        if (result != SKCodecResult.Success)
        {
            throw ApiProblemException.Validation(field, "The image could not be read; it may be damaged.");
        }
        using var stored = header.Stored == header.Decoded
            ? null
            : bitmap.Resize(new SKImageInfo(header.Stored.Width, header.Stored.Height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell));
        var source = stored ?? bitmap;
        source.SetImmutable();
        using var image = SKImage.FromBitmap(source);
        using var encoded = header.Format == SKEncodedImageFormat.Png
            ? image.Encode(SKEncodedImageFormat.Png, 100)
            : image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return encoded?.ToArray() ?? throw ApiProblemException.Validation(field, "The image could not be processed.");
    }

    /// <summary>
    /// Counts the start-of-scan markers by walking the JPEG's segments and skipping each scan's
    /// entropy-coded data (a 0xFF there is followed by 0x00 or a restart marker). One linear pass.
    /// </summary>
    internal static int JpegScans(ReadOnlySpan<byte> b)
    {
        var scans = 0;
        var i = 2;
        while (i + 1 < b.Length)
        {
            if (b[i] != 0xFF)
            {
                return scans;
            }
            while (i < b.Length && b[i] == 0xFF)
            {
                i++;
            }
            if (i >= b.Length)
            {
                return scans;
            }
            var marker = b[i++];
            if (marker == 0xD9)
            {
                return scans;
            }
            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                continue;
            }
            if (i + 1 >= b.Length)
            {
                return scans;
            }
            var length = (b[i] << 8) | b[i + 1];
            i += length;
            if (marker != 0xDA)
            {
                continue;
            }
            scans++;
            // The scan's data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
            while (i + 1 < b.Length && !(b[i] == 0xFF && b[i + 1] != 0x00 && b[i + 1] is not (>= 0xD0 and <= 0xD7)))
            {
                i++;
            }
        }
        return scans;
    }
}
