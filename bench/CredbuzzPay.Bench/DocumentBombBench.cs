using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using SkiaSharp;

namespace CredbuzzPay.Bench;

/// <summary>
/// <c>--bombs --server-pid P [--runs 5]</c>: registers a user through the API, then sends small
/// documents that would cost huge work (decompression bombs, images declaring 36 million pixels,
/// endless JPEG scans) and an ordinary one, and prints per document the answer, its time (median and
/// worst) and how far the server's peak resident memory rose (the kernel's high-water mark of process
/// P, reset before each document through /proc/P/clear_refs).
/// </summary>
internal static partial class DocumentBombBench
{
    public static async Task<int> RunAsync(HttpClient http, string pickup, int serverPid, int runs)
    {
        var user = await RegisterAsync(http, pickup);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user);
        var jpeg = Jpeg(400, 400);
        var cases = new (string What, string Path, Func<MultipartFormDataContent> Form, HttpStatusCode Expected)[]
        {
            ("PDF whose page inflates to 280 MB", "/api/v1/kyc/bank/submit_bank", () => Bank(DocumentBombs.Pdf(DocumentBombs.DeflatedContent(280L * 1024 * 1024))), HttpStatusCode.RequestEntityTooLarge),
            ("PDF deflated twice, 1 GB inside", "/api/v1/kyc/bank/submit_bank",
                () => Bank(DocumentBombs.Pdf(DocumentBombs.Zlib(DocumentBombs.DeflatedContent(1024L * 1024 * 1024)), "[/FlateDecode /FlateDecode]")), HttpStatusCode.RequestEntityTooLarge),
            ("PDF with 25,000 objects", "/api/v1/kyc/bank/submit_bank", () => Bank(DocumentBombs.Pdf(DocumentBombs.Zlib("BT ET"u8.ToArray()), extraObjects: 25_000)), HttpStatusCode.RequestEntityTooLarge),
            ("PNG declaring 6000 × 6000", "/api/v1/kyc/aadhaar/submit_aadhaar", () => Aadhaar(DocumentBombs.Png(6000, 6000), jpeg), HttpStatusCode.RequestEntityTooLarge),
            ("JPEG with 150 scans", "/api/v1/kyc/aadhaar/submit_aadhaar", () => Aadhaar(jpeg, DocumentBombs.JpegWithScans(jpeg, 150)), HttpStatusCode.RequestEntityTooLarge),
            ("ordinary one-page PDF (accepted)", "/api/v1/kyc/bank/submit_bank", () => Bank(OrdinaryPdf()), HttpStatusCode.Created),
        };
        Console.WriteLine("| document | bytes sent | answer | median ms | worst ms | server peak memory rise, MB (worst) |");
        Console.WriteLine("| --- | ---: | --- | ---: | ---: | ---: |");
        foreach (var (what, path, form, expected) in cases)
        {
            var times = new List<double>();
            long worstRise = 0, bytes = 0;
            var status = HttpStatusCode.OK;
            for (var run = 0; run < runs; run++)
            {
                using var content = form();
                bytes = (await content.ReadAsByteArrayAsync()).Length;
                var before = ResetPeak(serverPid);
                var clock = Stopwatch.StartNew();
                using var response = await http.PostAsync(path, content);
                times.Add(clock.Elapsed.TotalMilliseconds);
                status = response.StatusCode;
                worstRise = Math.Max(worstRise, Read(serverPid, "VmHWM") - before);
                if (status != expected)
                {
                    await Console.Error.WriteLineAsync($"{what}: expected {(int)expected}, got {(int)status}: {await response.Content.ReadAsStringAsync()}");
                    return 1;
                }
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {what} | {bytes:N0} | {(int)status} | {times[times.Count / 2]:0} | {times[^1]:0} | {worstRise / (1024.0 * 1024):0.0} |"));
        }
        return 0;
    }

    private static MultipartFormDataContent Bank(byte[] proof)
    {
        var account = "99" + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        return Form(new()
        {
            ["account_holder_name"] = "Asha Rao", ["account_number"] = account, ["confirm_account_number"] = account, ["ifsc_code"] = "SBIN0001234",
            ["account_type"] = "savings", ["bank_name"] = "State Bank of India", ["branch_name"] = "MG Road",
        }, ("bank_proof", proof, "statement.pdf"));
    }

    private static MultipartFormDataContent Aadhaar(byte[] front, byte[] back)
    {
        var body = RandomNumberGenerator.GetInt32(2, 10).ToString(CultureInfo.InvariantCulture) + RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("D10", CultureInfo.InvariantCulture);
        return Form(new()
        {
            ["aadhaar_number"] = body + Verhoeff.CheckDigit(body).ToString(CultureInfo.InvariantCulture), ["name"] = "Asha Rao", ["dob"] = "1990-01-15",
            ["gender"] = "female", ["address"] = "12 MG Road, Bengaluru",
        }, ("front_image", front, "front.img"), ("back_image", back, "back.img"));
    }

    private static MultipartFormDataContent Form(Dictionary<string, string> fields, params (string Field, byte[] Bytes, string Name)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }
        foreach (var (field, bytes, name) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, field, name);
        }
        return form;
    }

    private static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Teal);
        }
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Jpeg, 85).ToArray();
    }

    private static byte[] OrdinaryPdf()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        page.AddText("Bank statement", 12, new UglyToad.PdfPig.Core.PdfPoint(50, 700), font);
        return builder.Build();
    }

    /// <summary>Resets process P's high-water mark to its current resident size, and answers that size.</summary>
    private static long ResetPeak(int pid)
    {
        File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        return Read(pid, "VmRSS");
    }

    private static long Read(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>A new user registered and signed in on the web, the codes read from the pickup file; answers the access token.</summary>
    internal static async Task<string> RegisterAsync(HttpClient http, string pickup)
    {
        var mobile = "97" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var email = $"bomb-bench-{mobile}@example.com";
        const string password = "B0mb!Bench#2026";
        var initiated = await Json(await http.PostAsJsonAsync("/api/v1/auth/register/initiate", new { email, mobile, password }));
        var requestId = initiated.GetProperty("request_id").GetString();
        await Json(await http.PostAsJsonAsync("/api/v1/auth/register/verify_otp", new { request_id = requestId, otp = await CodeAsync(pickup, email, 1), email }));
        await Json(await http.PostAsJsonAsync("/api/v1/auth/register/verify_otp", new { request_id = requestId, otp = await CodeAsync(pickup, "+91" + mobile, 1), mobile }));
        var login = await Json(await http.PostAsJsonAsync("/api/v1/auth/login", new { email_or_mobile = email, password }));
        var tokens = await Json(await http.PostAsJsonAsync("/api/v1/auth/verify_login_otp",
            new { request_id = login.GetProperty("request_id").GetString(), otp = await CodeAsync(pickup, "+91" + mobile, 2) }));
        return tokens.GetProperty("access").GetString()!;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.Clone() : throw new HttpRequestException($"{(int)response.StatusCode}: {text}");
    }

    private static async Task<string> CodeAsync(string pickup, string to, int count)
    {
        for (var wait = 0; wait < 100; wait++)
        {
            var codes = File.Exists(pickup)
                ? File.ReadAllLines(pickup).Select(l => JsonDocument.Parse(l).RootElement).Where(m => m.GetProperty("to").GetString() == to)
                    .Select(m => SixDigits().Match(m.GetProperty("body").GetString()!).Value).ToList()
                : [];
            if (codes.Count >= count)
            {
                return codes[^1];
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("No code arrived in the pickup file.");
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
