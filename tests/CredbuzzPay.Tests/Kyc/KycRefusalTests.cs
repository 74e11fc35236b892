using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Kyc;

/// <summary>Everything KYC refuses, and proof that a refusal leaves nothing behind.</summary>
public sealed class KycRefusalTests
{
    [Fact]
    public async Task BadForms_AreRefusedWithTheFieldNamed_AndKeepNothing()
    {
        using var host = new ApiHost(TestEngines.Sqlite);
        var user = await KycFlow.StartAsync(host);
        var smsBefore = user.MessagesTo(user.Registration.Mobile);

        // JSON where documents are needed: 415.
        var json = await user.Client.PostAsJsonAsync("/api/v1/kyc/aadhaar/submit_aadhaar", new { aadhaar_number = user.Aadhaar });
        await RegistrationFlow.ProblemAsync(json, HttpStatusCode.UnsupportedMediaType);

        // Field rules: one wrong digit breaks the Verhoeff check; missing images are named.
        var wrong = user.Aadhaar[..11] + (char)('0' + (user.Aadhaar[11] - '0' + 1) % 10);
        var bad = await RegistrationFlow.ProblemAsync(await user.SubmitAadhaarAsync(user.AadhaarFields(wrong)), HttpStatusCode.BadRequest);
        Assert.Contains("check digit", bad.GetProperty("errors").GetProperty("aadhaar_number")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, bad.ToString(), StringComparison.Ordinal);
        var noImages = await user.Client.PostAsync("/api/v1/kyc/aadhaar/submit_aadhaar", KycFlow.Form(user.AadhaarFields()));
        var missing = await RegistrationFlow.ProblemAsync(noImages, HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("front_image", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("back_image", out _));
        var young = user.AadhaarFields();
        young["dob"] = DateTime.UtcNow.AddYears(-17).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True((await RegistrationFlow.ProblemAsync(await user.SubmitAadhaarAsync(young), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("dob", out _));

        // Documents: type from content, not name; size; decodability; plausibility.
        var tooBig = new byte[5 * 1024 * 1024 + 1];
        KycFlow.Jpeg().CopyTo(tooBig, 0);
        Assert.Equal("front_image", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitAadhaarAsync(front: tooBig), HttpStatusCode.RequestEntityTooLarge)));
        var textAsJpeg = Encoding.UTF8.GetBytes("<html>not an image</html>");
        Assert.Equal("front_image", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitAadhaarAsync(front: textAsJpeg), HttpStatusCode.UnsupportedMediaType)));
        Assert.Equal("back_image", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitAadhaarAsync(back: KycFlow.Pdf()), HttpStatusCode.UnsupportedMediaType)));
        var gif = "GIF89a"u8.ToArray().Concat(new byte[64]).ToArray();
        Assert.Equal("front_image", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitAadhaarAsync(front: gif), HttpStatusCode.UnsupportedMediaType)));
        var truncated = KycFlow.Jpeg()[..200];
        Assert.Equal("front_image", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitAadhaarAsync(front: truncated), HttpStatusCode.BadRequest)));
        Assert.Equal("front_image", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitAadhaarAsync(front: KycFlow.Jpeg(60, 60)), HttpStatusCode.BadRequest)));
        var brokenPdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF");
        var bank = await user.SubmitBankAsync(proof: brokenPdf);
        Assert.Equal("bank_proof", FirstError(await RegistrationFlow.ProblemAsync(bank, HttpStatusCode.BadRequest)));

        // Bank and business rules.
        var mismatch = user.BankFields();
        mismatch["confirm_account_number"] = user.Account[..^1] + (user.Account[^1] == '1' ? '2' : '1');
        Assert.Equal("confirm_account_number", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitBankAsync(mismatch), HttpStatusCode.BadRequest)));
        var badIfsc = user.BankFields();
        badIfsc["ifsc_code"] = "SBIN1001234";
        Assert.Equal("ifsc_code", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitBankAsync(badIfsc), HttpStatusCode.BadRequest)));
        Assert.Equal("shop_images", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitBusinessAsync(shops: 6), HttpStatusCode.BadRequest)));
        Assert.Equal("shop_images", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitBusinessAsync(shops: 0), HttpStatusCode.BadRequest)));
        Assert.Equal("selfie", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitBusinessAsync(selfie: KycFlow.Jpeg(1200, 330)), HttpStatusCode.BadRequest)));
        var badPin = user.BusinessFields();
        badPin["pincode"] = "060001";
        Assert.Equal("pincode", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitBusinessAsync(badPin), HttpStatusCode.BadRequest)));
        var otherBranch = user.BusinessFields();
        otherBranch["branch_code"] = "DEL01";
        Assert.Equal("branch_code", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitBusinessAsync(otherBranch), HttpStatusCode.UnprocessableEntity)));
        // A proprietorship's GSTIN must carry the proprietor's PAN: first there is no PAN, then it is another one.
        Assert.Equal("gst_number", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitBusinessAsync(), HttpStatusCode.UnprocessableEntity)));
        // A ten-character PAN of the wrong shape, with a real image: a field error, never a 500.
        var badShape = user.PanFields();
        badShape["pan_number"] = "ABCDE12345";
        var shape = await RegistrationFlow.ProblemAsync(await user.SubmitPanAsync(badShape), HttpStatusCode.BadRequest);
        Assert.Contains("AAAAA9999A", shape.GetProperty("errors").GetProperty("pan_number")[0].GetString(), StringComparison.Ordinal);
        var noNumber = user.AadhaarFields();
        noNumber["aadhaar_number"] = "   ";
        Assert.Equal("The Aadhaar number is required.",
            (await RegistrationFlow.ProblemAsync(await user.SubmitAadhaarAsync(noNumber), HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("aadhaar_number")[0].GetString());
        var companyPan = user.PanFields();
        companyPan["pan_number"] = "AAACB1234C";
        Assert.Equal("pan_number", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitPanAsync(companyPan), HttpStatusCode.BadRequest)));
        var unissued = user.PanFields();
        unissued["pan_number"] = user.Pan[..5] + "0000" + user.Pan[^1];
        Assert.Equal("pan_number", FirstError(await RegistrationFlow.ProblemAsync(await user.SubmitPanAsync(unissued), HttpStatusCode.UnprocessableEntity)));

        // Nothing was kept: no rows, no files, no OTP sent, status untouched.
        Assert.Equal("0", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM kyc_submissions"));
        Assert.Equal("0", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM kyc_documents"));
        Assert.Equal("0", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM kyc_number_claims"));
        var documents = Path.Combine(host.DataDirectory, "kyc-documents");
        Assert.True(!Directory.Exists(documents) || Directory.GetFiles(documents).Length == 0);
        Assert.Equal(smsBefore, user.MessagesTo(user.Registration.Mobile));
        Assert.Equal("not_started", KycFlowTests.Scalar(host, $"SELECT kyc_status FROM users WHERE user_code = '{user.UserCode}'"));
    }

    [Theory, EngineData]
    public async Task OneAadhaarPanOrAccount_BelongsToOneUser_AndTheRefusalDoesNotSayWhose(string engine)
    {
        var host = ApiHost.For(engine);
        var first = await KycFlow.StartAsync(host);
        var second = await KycFlow.StartAsync(host);
        await KycFlow.OkJsonAsync(await first.SubmitAadhaarAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await first.SubmitPanAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await first.SubmitBankAsync(), HttpStatusCode.Created);

        var aadhaar = await RegistrationFlow.ProblemAsync(await second.SubmitAadhaarAsync(second.AadhaarFields(first.Aadhaar)), HttpStatusCode.Conflict);
        Assert.Equal("aadhaar_number", FirstError(aadhaar));
        Assert.DoesNotContain(first.UserCode, aadhaar.ToString(), StringComparison.Ordinal);
        var pan = second.PanFields();
        pan["pan_number"] = first.Pan.ToLowerInvariant();
        Assert.Equal("pan_number", FirstError(await RegistrationFlow.ProblemAsync(await second.SubmitPanAsync(pan), HttpStatusCode.Conflict)));
        var account = second.BankFields();
        account["account_number"] = account["confirm_account_number"] = first.Account;
        Assert.Equal("account_number", FirstError(await RegistrationFlow.ProblemAsync(await second.SubmitBankAsync(account), HttpStatusCode.Conflict)));
        // The same account number at another bank is another account.
        account["ifsc_code"] = "HDFC0001234";
        await KycFlow.OkJsonAsync(await second.SubmitBankAsync(account), HttpStatusCode.Created);
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM kyc_submissions WHERE user_code = '{second.UserCode}' AND section <> 'bank'"));

        // The owner resubmitting keeps the earlier version, soft-deleted, with its documents.
        await KycFlow.OkJsonAsync(await first.SubmitAadhaarAsync(), HttpStatusCode.Created);
        Assert.Equal("2", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM kyc_submissions WHERE user_code = '{first.UserCode}' AND section = 'aadhaar'"));
        Assert.Equal(first.UserCode, KycFlowTests.Scalar(host, $"SELECT deleted_by FROM kyc_submissions WHERE user_code = '{first.UserCode}' AND section = 'aadhaar' AND deleted_at IS NOT NULL"));
        Assert.Equal("2", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM kyc_documents WHERE deleted_at IS NOT NULL AND submission_id IN (SELECT id FROM kyc_submissions WHERE user_code = '{first.UserCode}' AND deleted_at IS NOT NULL)"));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'kyc.resubmitted' AND target_id = '{first.UserCode}'"));
    }

    private static string FirstError(JsonElement problem) => problem.GetProperty("errors").EnumerateObject().First().Name;
}
