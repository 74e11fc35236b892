using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>Settings of section <c>Kyc</c>.</summary>
public sealed class KycOptions
{
    public const string Section = "Kyc";

    /// <summary>Largest accepted document (image or PDF), in bytes; 5 MB by default.</summary>
    [Range(64 * 1024, 50 * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Where encrypted documents are kept; relative paths are under <c>Storage:DataDirectory</c>. Never a public folder.</summary>
    [Required]
    public string DocumentDirectory { get; set; } = "kyc-documents";

    /// <summary>Verification providers: <c>sandbox</c> (default, no network) until a real aggregator adapter is configured.</summary>
    [Required, RegularExpression("^sandbox$", ErrorMessage = "Kyc:Provider must be 'sandbox'; a real aggregator is plugged in as described in docs/kyc.md.")]
    public string Provider { get; set; } = "sandbox";

    /// <summary>Penny drops one bank submission may run (each costs a real transfer with a live provider).</summary>
    [Range(1, 10)]
    public int MaxPennyDropAttempts { get; set; } = 3;

    /// <summary>Name similarity (0-100, token-sorted) at or above which two names count as the same person.</summary>
    [Range(50, 100)]
    public int NameMatchThreshold { get; set; } = 85;

    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary>How much work reading one document may cause (pixels, decompression, memory), whatever its size in bytes.</summary>
    public DocumentLimits Documents { get; set; } = new();
}

/// <summary>
/// Bounds on the work a document causes, checked before and while it is read: a small file can
/// declare a huge image or inflate to gigabytes, so its byte size alone bounds nothing (docs/kyc.md).
/// </summary>
public sealed class DocumentLimits
{
    /// <summary>Pixels an image may declare (width × height), refused from its header before any decoding: 24 MP is a 6000 × 4000 photo.</summary>
    [Range(1_000_000, 100_000_000)]
    public long MaxImagePixels { get; set; } = 24_000_000;

    /// <summary>Images are stored at most this many pixels on their long side (larger ones are scaled down).</summary>
    [Range(1024, 8192)]
    public int MaxStoredImageSide { get; set; } = 3072;

    /// <summary>Scans a progressive JPEG may have; each is a full pass of decoding work.</summary>
    [Range(10, 1000)]
    public int MaxJpegScans { get; set; } = 100;

    [Range(1, 200)]
    public int MaxPdfPages { get; set; } = 20;

    /// <summary>Objects a PDF's cross-reference table may list.</summary>
    [Range(100, 1_000_000)]
    public int MaxPdfObjects { get; set; } = 20_000;

    /// <summary>Bytes all of a PDF's streams may decompress to, together.</summary>
    [Range(1024 * 1024, 512L * 1024 * 1024)]
    public long MaxPdfDecodedBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Bytes a PDF's page content (drawing instructions, parsed into objects) may decompress to: about 70 bytes of memory each.</summary>
    [Range(64 * 1024, 64L * 1024 * 1024)]
    public long MaxPdfContentBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Memory all documents being read at once may take, across every request of this node; beyond it a request waits.</summary>
    [Range(64L * 1024 * 1024, 16L * 1024 * 1024 * 1024)]
    public long DecodeMemoryBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>How long a request waits for decode memory before it is answered 503 with Retry-After.</summary>
    [Range(0, 30_000)]
    public int DecodeWaitMilliseconds { get; set; } = 2000;
}

/// <summary>The sandbox providers' deterministic test data (docs/kyc.md).</summary>
public sealed class SandboxOptions
{
    /// <summary>Bank accounts the sandbox penny drop knows, number → holder name on record.</summary>
    public Dictionary<string, string> BankAccounts { get; set; } = new()
    {
        ["000111222333"] = "JOHN DOE",
        ["50100012345678"] = "ASHA RAO",
    };
}
