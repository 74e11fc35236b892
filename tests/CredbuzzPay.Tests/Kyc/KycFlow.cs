using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Kyc;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using SkiaSharp;

namespace CredbuzzPay.Tests.Kyc;

/// <summary>A registered, signed-in user going through KYC over HTTP, with fresh valid numbers and real images.</summary>
public sealed class KycFlow
{
    public const string Name = "Asha Rao";
    public const string Dob = "1990-01-15";

    private KycFlow(ApiHost host, RegistrationFlow registration, string userCode, HttpClient client)
    {
        Host = host;
        Registration = registration;
        UserCode = userCode;
        Client = client;
    }

    public ApiHost Host { get; }

    public RegistrationFlow Registration { get; }

    public string UserCode { get; }

    public HttpClient Client { get; }

    /// <summary>The name on their documents: the registered first and last name.</summary>
    public string PersonName => $"{Registration.FirstName} {Registration.LastName}";

    public string Aadhaar { get; } = NewAadhaar();

    public string Pan { get; } = NewPan();

    public string Account { get; } = "99" + RandomDigits(12);

    /// <summary>Registers and signs in a new user; <paramref name="role"/> and <paramref name="branch"/> are set in the database before sign-in.</summary>
    public static Task<KycFlow> StartAsync(ApiHost host, string role = "user", string? branch = null, string? platform = null) =>
        StartAsync(new RegistrationFlow(host), role, branch, platform);

    /// <summary>Registers <paramref name="registration"/>'s person (their own names) and signs them in.</summary>
    public static async Task<KycFlow> StartAsync(RegistrationFlow registration, string role = "user", string? branch = null, string? platform = null)
    {
        var host = registration.Host;
        var userCode = await registration.CompleteAsync();
        if (role != "user" || branch is not null)
        {
            host.Database.Execute($"UPDATE users SET role = '{role}', branch_code = {(branch is null ? "NULL" : $"'{branch}'")} WHERE user_code = '{userCode}'");
        }
        // Staff work on the admin panel (staff endpoints refuse other platforms).
        var tokens = await LoginTests.SignInAsync(registration, registration.Email, platform ?? (role == "user" ? "web" : "admin_panel"));
        return new KycFlow(host, registration, userCode, LoginTests.Authorized(host, tokens));
    }

    public static string NewAadhaar()
    {
        var body = RandomNumberGenerator.GetInt32(2, 10).ToString(CultureInfo.InvariantCulture) + RandomDigits(10);
        return body + Verhoeff.CheckDigit(body).ToString(CultureInfo.InvariantCulture);
    }

    public static string NewPan()
    {
        var letters = new string(Enumerable.Range(0, 5).Select(i => i == 3 ? 'P' : (char)('A' + RandomNumberGenerator.GetInt32(26))).ToArray());
        return letters + RandomNumberGenerator.GetInt32(1, 10000).ToString("D4", CultureInfo.InvariantCulture) + (char)('A' + RandomNumberGenerator.GetInt32(26));
    }

    public static string RandomDigits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => RandomNumberGenerator.GetInt32(10).ToString(CultureInfo.InvariantCulture)));

    /// <summary>A JPEG of the given size carrying a comment segment (metadata the service must strip).</summary>
    public static byte[] Jpeg(int width = 400, int height = 400, string? comment = "camera-serial-XYZ123 gps 12.9716N 77.5946E")
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)RandomNumberGenerator.GetInt32(256), 120, 200));
            using var paint = new SKPaint { Color = SKColors.White };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 85).ToArray();
        if (comment is null)
        {
            return jpeg;
        }
        var text = Encoding.ASCII.GetBytes(comment);
        var segment = new byte[4 + text.Length];
        segment[0] = 0xFF;
        segment[1] = 0xFE;
        segment[2] = (byte)((text.Length + 2) >> 8);
        segment[3] = (byte)((text.Length + 2) & 0xFF);
        text.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    public static byte[] Png(int width = 400, int height = 400)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Teal);
        }
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    public static byte[] Pdf()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        page.AddText("Bank statement", 12, new UglyToad.PdfPig.Core.PdfPoint(50, 700), font);
        builder.DocumentInformation.Author = "author-metadata-ABC987";
        return builder.Build();
    }

    public static MultipartFormDataContent Form(IDictionary<string, string?> fields, params (string Field, byte[] Bytes, string FileName)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            if (value is not null)
            {
                form.Add(new StringContent(value), key);
            }
        }
        foreach (var (field, bytes, fileName) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, field, fileName);
        }
        return form;
    }

    public Dictionary<string, string?> AadhaarFields(string? number = null) => new()
    {
        ["aadhaar_number"] = number ?? Aadhaar, ["name"] = PersonName, ["dob"] = Dob, ["gender"] = "female", ["address"] = "12 MG Road, Bengaluru",
    };

    public Task<HttpResponseMessage> SubmitAadhaarAsync(Dictionary<string, string?>? fields = null, byte[]? front = null, byte[]? back = null) =>
        Client.PostAsync("/api/v1/kyc/aadhaar/submit_aadhaar", Form(fields ?? AadhaarFields(), ("front_image", front ?? Jpeg(), "front.jpg"), ("back_image", back ?? Jpeg(), "back.jpg")));

    public Dictionary<string, string?> PanFields() => new() { ["pan_number"] = Pan, ["name"] = PersonName.ToUpperInvariant(), ["dob"] = Dob };

    public Task<HttpResponseMessage> SubmitPanAsync(Dictionary<string, string?>? fields = null, byte[]? image = null) =>
        Client.PostAsync("/api/v1/kyc/pan/submit_pan", Form(fields ?? PanFields(), ("pan_image", image ?? Png(), "pan.png")));

    public string BusinessEmail { get; } = $"shop-{Guid.NewGuid():N}@example.com";

    public string BusinessPhone { get; } = "9" + RandomDigits(9);

    public Dictionary<string, string?> BusinessFields() => new()
    {
        ["business_name"] = "Rao General Stores", ["business_type"] = "sole_proprietorship", ["registration_number"] = "UDYAM-KR-03-0012345",
        ["registration_date"] = "2020-01-01", ["gst_number"] = Gstin(Pan), ["address_line1"] = "14 Market Street", ["address_line2"] = "Near Bus Stand",
        ["city"] = "Bengaluru", ["state"] = "Karnataka", ["country"] = "India", ["pincode"] = "560001",
        ["business_phone"] = BusinessPhone, ["business_email"] = BusinessEmail,
    };

    public Task<HttpResponseMessage> SubmitBusinessAsync(Dictionary<string, string?>? fields = null, int shops = 2, byte[]? selfie = null) =>
        Client.PostAsync("/api/v1/kyc/business/submit_business", Form(fields ?? BusinessFields(),
            [("selfie", selfie ?? Jpeg(400, 500), "me.jpg"), .. Enumerable.Range(0, shops).Select(i => ("shop_images", Jpeg(), $"shop{i}.jpg"))]));

    public Dictionary<string, string?> BankFields(string? holder = null) => new()
    {
        ["account_holder_name"] = holder ?? PersonName, ["account_number"] = Account, ["confirm_account_number"] = Account, ["ifsc_code"] = "SBIN0001234",
        ["account_type"] = "savings", ["bank_name"] = "State Bank of India", ["branch_name"] = "MG Road",
    };

    public Task<HttpResponseMessage> SubmitBankAsync(Dictionary<string, string?>? fields = null, byte[]? proof = null) =>
        Client.PostAsync("/api/v1/kyc/bank/submit_bank", Form(fields ?? BankFields(), ("bank_proof", proof ?? Pdf(), "statement.pdf")));

    /// <summary>A valid GSTIN (Karnataka, entity 1) built on <paramref name="pan"/>.</summary>
    public static string Gstin(string pan)
    {
        var first = "29" + pan + "1Z";
        return first + IndianIds.GstinCheckCharacter(first);
    }

    public Task<string> CodeSentToAsync(string destination, int count = 1) => Host.CodeSentToAsync(destination, count);

    public int MessagesTo(string destination) => Host.MessagesTo(destination);

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
