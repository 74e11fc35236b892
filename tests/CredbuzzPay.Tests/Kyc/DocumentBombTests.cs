using System.Diagnostics;
using System.Net;
using System.Text;
using CredbuzzPay.Api.Modules.Kyc;
using CredbuzzPay.Api.Modules.Kyc.Documents;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkiaSharp;
using UglyToad.PdfPig.Tokens;

namespace CredbuzzPay.Tests.Kyc;

/// <summary>
/// Uploads whose bytes are small but whose work is huge (decompression bombs, huge declared images,
/// endless JPEG scans): each is refused with 413 within a couple of seconds, and the process's
/// peak memory barely moves. Runs alone, so the memory it reads is its own.
/// </summary>
[Collection(nameof(SoloCollection))]
public sealed class DocumentBombTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task PdfThatInflatesTo280MB_IsRefusedQuickly_AndMemoryStaysFlat()
    {
        var user = await KycFlow.StartAsync(ApiHost.For(TestEngines.Sqlite));
        var bomb = DocumentBombs.Pdf(DocumentBombs.DeflatedContent(280L * 1024 * 1024));
        Assert.InRange(bomb.Length, 1, 700 * 1024);

        using var memory = PeakMemory.Start();
        var (response, took) = await TimedAsync(() => user.Client.PostAsync("/api/v1/kyc/aadhaar/upload_offline", KycFlow.Form(new Dictionary<string, string?>(), ("file", bomb, "ekyc.pdf"))));

        var problem = await RegistrationFlow.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("decompresses", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        output.WriteLine($"280 MB content bomb ({bomb.Length / 1024} KB): {took.TotalMilliseconds:0} ms, peak memory +{memory.GrowthBytes / (1024 * 1024)} MB");
        Assert.True(took < Quick, $"took {took.TotalMilliseconds:0} ms");
        Assert.True(memory.GrowthBytes < 200L * 1024 * 1024, $"peak memory grew {memory.GrowthBytes / (1024 * 1024)} MB");
    }

    [Fact]
    public async Task NestedCompressionAndTooManyObjects_AreRefused_AndAnOrdinaryPdfStillPasses()
    {
        var user = await KycFlow.StartAsync(ApiHost.For(TestEngines.Sqlite));
        // Twice deflated: the outer layer is tiny, the inner one inflates to 1 GB of drawing instructions.
        var nested = DocumentBombs.Pdf(DocumentBombs.Zlib(DocumentBombs.DeflatedContent(1024L * 1024 * 1024)), "[/FlateDecode /FlateDecode]");
        var crowded = DocumentBombs.Pdf(DocumentBombs.Zlib("BT ET"u8.ToArray()), extraObjects: 25_000);

        using var memory = PeakMemory.Start();
        var (first, tookFirst) = await TimedAsync(() => user.SubmitBankAsync(proof: nested));
        var (second, tookSecond) = await TimedAsync(() => user.SubmitBankAsync(proof: crowded));

        Assert.Contains("decompresses", (await RegistrationFlow.ProblemAsync(first, HttpStatusCode.RequestEntityTooLarge)).GetProperty("errors").GetProperty("bank_proof")[0].GetString(),
            StringComparison.Ordinal);
        Assert.Contains("objects", (await RegistrationFlow.ProblemAsync(second, HttpStatusCode.RequestEntityTooLarge)).GetProperty("errors").GetProperty("bank_proof")[0].GetString(),
            StringComparison.Ordinal);
        output.WriteLine($"nested 1 GB bomb ({nested.Length / 1024} KB): {tookFirst.TotalMilliseconds:0} ms; 25,000 objects ({crowded.Length / 1024} KB): {tookSecond.TotalMilliseconds:0} ms; peak memory +{memory.GrowthBytes / (1024 * 1024)} MB");
        Assert.True(tookFirst < Quick && tookSecond < Quick, $"took {tookFirst.TotalMilliseconds:0} and {tookSecond.TotalMilliseconds:0} ms");
        Assert.True(memory.GrowthBytes < 200L * 1024 * 1024, $"peak memory grew {memory.GrowthBytes / (1024 * 1024)} MB");
        await KycFlow.OkJsonAsync(await user.SubmitBankAsync(proof: KycFlow.Pdf()), HttpStatusCode.Created);
    }

    [Fact]
    public async Task ImageDeclaringHugeDimensionsOrEndlessScans_IsRefusedBeforeDecoding()
    {
        var user = await KycFlow.StartAsync(ApiHost.For(TestEngines.Sqlite));
        var huge = DocumentBombs.Png(6000, 6000);
        Assert.InRange(huge.Length, 1, 200 * 1024);
        var scans = DocumentBombs.JpegWithScans(KycFlow.Jpeg(comment: null), 150);

        using var memory = PeakMemory.Start();
        var (pixels, tookPixels) = await TimedAsync(() => user.SubmitAadhaarAsync(front: huge));
        var (scanned, tookScans) = await TimedAsync(() => user.SubmitAadhaarAsync(back: scans));

        Assert.Contains("million pixels", (await RegistrationFlow.ProblemAsync(pixels, HttpStatusCode.RequestEntityTooLarge)).GetProperty("errors").GetProperty("front_image")[0].GetString(),
            StringComparison.Ordinal);
        Assert.Contains("scans", (await RegistrationFlow.ProblemAsync(scanned, HttpStatusCode.RequestEntityTooLarge)).GetProperty("errors").GetProperty("back_image")[0].GetString(),
            StringComparison.Ordinal);
        output.WriteLine($"6000x6000 PNG ({huge.Length / 1024} KB): {tookPixels.TotalMilliseconds:0} ms; 150-scan JPEG: {tookScans.TotalMilliseconds:0} ms; peak memory +{memory.GrowthBytes / (1024 * 1024)} MB");
        Assert.True(tookPixels < Quick && tookScans < Quick, $"took {tookPixels.TotalMilliseconds:0} and {tookScans.TotalMilliseconds:0} ms");
        Assert.True(memory.GrowthBytes < 100L * 1024 * 1024, $"peak memory grew {memory.GrowthBytes / (1024 * 1024)} MB");
    }

    [Fact]
    public async Task LargePhoto_IsAccepted_AndStoredScaledToTheLongSideLimit()
    {
        var user = await KycFlow.StartAsync(ApiHost.For(TestEngines.Sqlite));
        var photo = KycFlow.Jpeg(5000, 4000, comment: null);

        var submitted = await KycFlow.OkJsonAsync(await user.SubmitAadhaarAsync(front: photo), HttpStatusCode.Created);

        var status = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/kyc/aadhaar/get_aadhaar_status"));
        var front = status.GetProperty("documents").EnumerateArray().First(d => d.GetProperty("kind").GetString() == "aadhaar_front");
        var stored = await user.Client.GetByteArrayAsync(front.GetProperty("url").GetString());
        using var codec = SKCodec.Create(new MemoryStream(stored));
        Assert.Equal((3072, 2458), (codec.Info.Width, codec.Info.Height));
        Assert.Equal("pending", JsonValueOf(submitted, "status"));
    }

    [Fact]
    public async Task DecodeGate_MakesALateRequestWait_ThenAnswers503WithRetryAfter()
    {
        var gate = new DecodeGate(Options.Create(new KycOptions { Documents = new DocumentLimits { DecodeMemoryBytes = 64L * 1024 * 1024, DecodeWaitMilliseconds = 200 } }));
        using var first = await gate.EnterAsync(60L * 1024 * 1024, "file", CancellationToken.None);

        var waited = Stopwatch.StartNew();
        var busy = await Assert.ThrowsAsync<ApiProblemException>(() => gate.EnterAsync(10L * 1024 * 1024, "file", CancellationToken.None));
        Assert.Equal(503, busy.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), busy.RetryAfter);
        Assert.True(waited.ElapsedMilliseconds >= 150, "it waited for memory to come free");
        // A refused request gave back what it had taken: after the first ends, the whole budget is free.
        first.Dispose();
        Assert.Equal(64, gate.AvailableUnits);
        using var later = await gate.EnterAsync(10L * 1024 * 1024, "file", CancellationToken.None);
        Assert.Equal(54, gate.AvailableUnits);
        // More than the whole budget can never be had: 413 at once.
        Assert.Equal(413, (await Assert.ThrowsAsync<ApiProblemException>(() => gate.EnterAsync(65L * 1024 * 1024, "file", CancellationToken.None))).Status);
    }

    [Fact]
    public void FilterBounds_MatchTheFormatsOwnArithmetic()
    {
        var empty = new DictionaryToken(new Dictionary<NameToken, IToken>());
        // PDF 1.7 §7.4.4.2's LZW example: 45 45 45 45 45 65 45 45 45 66 encodes as 80 0B 60 50 22 0C 0C 85 01.
        Assert.Equal(10, BoundedPdfFilters.DecodedSize("LZWDecode", new byte[] { 0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01 }, empty, 0, long.MaxValue));
        // Run-length (§7.4.5): copy 3 literal bytes, repeat one byte 257-254 = 3 times, end.
        Assert.Equal(6, BoundedPdfFilters.DecodedSize("RunLengthDecode", new byte[] { 2, (byte)'a', (byte)'b', (byte)'c', 254, (byte)'x', 128 }, empty, 0, long.MaxValue));
        // Flate: what zlib made of 5 MB inflates to exactly 5 MB; a limit stops the count soon after it.
        var five = DocumentBombs.DeflatedContent(5L * 1024 * 1024, "q Q\n");
        Assert.Equal(5L * 1024 * 1024, BoundedPdfFilters.DecodedSize("FlateDecode", five, empty, 0, long.MaxValue));
        Assert.InRange(BoundedPdfFilters.DecodedSize("FlateDecode", five, empty, 0, 1024 * 1024), 1024 * 1024, 1024 * 1024 + 64 * 1024);
        // ASCII85: 'z' is four zero bytes, five characters are four bytes.
        Assert.InRange(BoundedPdfFilters.DecodedSize("ASCII85Decode", Encoding.ASCII.GetBytes("zz87cURD]i~>"), empty, 0, long.MaxValue), 8 + 6, 8 + 6 + 4);
    }

    private static string? JsonValueOf(System.Text.Json.JsonElement element, string name) => element.GetProperty(name).GetString();

    private static async Task<(HttpResponseMessage Response, TimeSpan Took)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var watch = Stopwatch.StartNew();
        var response = await send();
        return (response, watch.Elapsed);
    }
}

/// <summary>Tests that measure the process itself run in this collection, after and apart from all others.</summary>
[CollectionDefinition(nameof(SoloCollection), DisableParallelization = true)]
public sealed class SoloCollection;

/// <summary>
/// The process's peak resident memory over a stretch of a test: the kernel's high-water mark is
/// reset (<c>/proc/self/clear_refs</c>, value 5) at the start and read (<c>VmHWM</c>) at the end.
/// </summary>
public sealed class PeakMemory : IDisposable
{
    private readonly long _start;

    private PeakMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        File.WriteAllText("/proc/self/clear_refs", "5");
        _start = Read("VmRSS");
    }

    public static PeakMemory Start() => new();

    public long GrowthBytes => Read("VmHWM") - _start;

    public void Dispose()
    {
    }

    private static long Read(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
