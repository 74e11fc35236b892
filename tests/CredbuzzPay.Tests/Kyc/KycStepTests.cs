using System.Net;
using System.Text;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Kyc;

/// <summary>The smaller steps: offline e-KYC, resends with their cooldowns, status views before anything is submitted.</summary>
public sealed class KycStepTests
{
    [Fact]
    public async Task OfflineEkyc_IsCheckedRebuiltAndStoredWithTheAadhaar_AndReplacedByANewerOne()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var user = await KycFlow.StartAsync(host);
        var none = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/kyc/aadhaar/get_aadhaar_status"));
        Assert.Equal("not_submitted", none.GetProperty("status").GetString());
        var pdf = KycFlow.Pdf();

        // Before any Aadhaar details there is nothing to attach it to.
        await RegistrationFlow.ProblemAsync(await user.Client.PostAsync("/api/v1/kyc/aadhaar/upload_offline", KycFlow.Form(new Dictionary<string, string?>(), ("file", pdf, "ekyc.pdf"))), HttpStatusCode.NotFound);
        await KycFlow.OkJsonAsync(await user.SubmitAadhaarAsync(), HttpStatusCode.Created);
        await RegistrationFlow.ProblemAsync(await user.Client.PostAsync("/api/v1/kyc/aadhaar/upload_offline",
            KycFlow.Form(new Dictionary<string, string?>(), ("file", Encoding.UTF8.GetBytes("PK\u0003\u0004 zip"), "ekyc.zip"))), HttpStatusCode.UnsupportedMediaType);
        await RegistrationFlow.ProblemAsync(await user.Client.PostAsync("/api/v1/kyc/aadhaar/upload_offline", KycFlow.Form(new Dictionary<string, string?>())), HttpStatusCode.BadRequest);

        var first = await KycFlow.OkJsonAsync(await user.Client.PostAsync("/api/v1/kyc/aadhaar/upload_offline", KycFlow.Form(new Dictionary<string, string?>(), ("file", pdf, "ekyc.pdf"))));
        Assert.Equal("application/pdf", first.GetProperty("document").GetProperty("content_type").GetString());
        var download = await user.Client.GetAsync(first.GetProperty("document").GetProperty("url").GetString());
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF", Encoding.Latin1.GetString(bytes[..4]), StringComparison.Ordinal);
        Assert.DoesNotContain("author-metadata-ABC987", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("author-metadata-ABC987", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);

        await KycFlow.OkJsonAsync(await user.Client.PostAsync("/api/v1/kyc/aadhaar/upload_offline", KycFlow.Form(new Dictionary<string, string?>(), ("file", KycFlow.Png(), "ekyc.png"))));
        var status = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/kyc/aadhaar/get_aadhaar_status"));
        var offline = status.GetProperty("documents").EnumerateArray().Where(d => d.GetProperty("kind").GetString() == "aadhaar_offline_ekyc").ToList();
        Assert.Equal("image/png", Assert.Single(offline).GetProperty("content_type").GetString());
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM kyc_documents WHERE kind = 'aadhaar_offline_ekyc' AND deleted_at IS NOT NULL AND user_id = (SELECT id FROM users WHERE user_code = '{user.UserCode}')"));
    }

    [Fact]
    public async Task Resends_WaitForTheCooldown_AndTheNewCodeReplacesTheOld()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var user = await KycFlow.StartAsync(host);
        await KycFlow.OkJsonAsync(await user.SubmitAadhaarAsync(), HttpStatusCode.Created);
        var tooSoon = await RegistrationFlow.ProblemAsync(await user.Client.PostAsync("/api/v1/kyc/aadhaar/resend_otp", null), HttpStatusCode.TooManyRequests);
        Assert.NotNull(tooSoon.GetProperty("detail").GetString());

        // The business contacts: an unknown channel is a 400; too soon is a 429 for each.
        await KycFlow.OkJsonAsync(await user.SubmitPanAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.SubmitBusinessAsync(), HttpStatusCode.Created);
        await RegistrationFlow.ProblemAsync(await user.Client.PostJsonAsync("/api/v1/kyc/business/resend_contact_otp", new { channel = "fax" }), HttpStatusCode.BadRequest);
        await RegistrationFlow.ProblemAsync(await user.Client.PostJsonAsync("/api/v1/kyc/business/resend_contact_otp", new { channel = "email" }), HttpStatusCode.TooManyRequests);
        await RegistrationFlow.ProblemAsync(await user.Client.PostJsonAsync("/api/v1/kyc/business/verify_contact", new { channel = "phone", otp = "12345" }), HttpStatusCode.BadRequest);

        // A verified contact cannot be re-sent; the status shows it verified, the other not.
        await KycFlow.OkJsonAsync(await user.Client.PostJsonAsync("/api/v1/kyc/business/verify_contact", new { channel = "email", otp = await user.CodeSentToAsync(user.BusinessEmail) }));
        await RegistrationFlow.ProblemAsync(await user.Client.PostJsonAsync("/api/v1/kyc/business/resend_contact_otp", new { channel = "email" }), HttpStatusCode.Conflict);
        var business = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/kyc/business/get_business_status"));
        Assert.True(business.GetProperty("business_email_verified").GetBoolean());
        Assert.False(business.GetProperty("business_phone_verified").GetBoolean());
        Assert.DoesNotContain(user.BusinessEmail, business.ToString(), StringComparison.Ordinal);
        Assert.Equal(6, business.GetProperty("documents").GetArrayLength() + 3); // selfie + 2 shops
        var status = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/kyc/status/get_kyc_status"));
        Assert.Contains(status.GetProperty("next_steps").EnumerateArray(), s => s.GetString() == "Verify the business phone with its OTP");
        Assert.Equal(38, status.GetProperty("completion_percentage").GetInt32()); // three sections pending of four
    }
}
