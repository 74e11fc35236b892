using System.Globalization;
using System.Net;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Kyc;

public sealed class KycFlowTests
{
    [Theory, EngineData]
    public async Task FromRegistrationToVerifiedKyc_ThroughEverySectionItsChecksAndStaffReview(string engine)
    {
        var host = ApiHost.For(engine);
        var user = await KycFlow.StartAsync(host, branch: "BLR01");
        var reviewer = await KycFlow.StartAsync(host, role: "super_admin", branch: "HQ");

        // Nothing submitted yet.
        var resume = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/kyc/resume"));
        Assert.Equal("aadhaar", resume.GetProperty("current_step").GetString());
        Assert.Equal("not_started", Scalar(host, $"SELECT kyc_status FROM users WHERE user_code = '{user.UserCode}'"));

        // Aadhaar: submit, then confirm with the OTP sent to the registered mobile.
        var smsBefore = user.MessagesTo(user.Registration.Mobile);
        var aadhaar = await KycFlow.OkJsonAsync(await user.SubmitAadhaarAsync(), HttpStatusCode.Created);
        Assert.Equal("pending", aadhaar.GetProperty("status").GetString());
        Assert.True(aadhaar.GetProperty("otp_sent").GetBoolean());
        Assert.Equal("XXXX-XXXX-" + user.Aadhaar[^4..], aadhaar.GetProperty("masked_number").GetString());
        var code = await user.CodeSentToAsync(user.Registration.Mobile, smsBefore + 1);
        var confirmed = await KycFlow.OkJsonAsync(await user.Client.PostJsonAsync("/api/v1/kyc/aadhaar/verify_otp", new { otp = code }));
        Assert.True(confirmed.GetProperty("verified").GetBoolean());

        // PAN, business (with both contact OTPs), bank (with the penny drop).
        await KycFlow.OkJsonAsync(await user.SubmitPanAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.SubmitBusinessAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.Client.PostJsonAsync("/api/v1/kyc/business/verify_contact", new { channel = "phone", otp = await user.CodeSentToAsync("+91" + user.BusinessPhone) }));
        await KycFlow.OkJsonAsync(await user.Client.PostJsonAsync("/api/v1/kyc/business/verify_contact", new { channel = "email", otp = await user.CodeSentToAsync(user.BusinessEmail) }));
        await KycFlow.OkJsonAsync(await user.SubmitBankAsync(), HttpStatusCode.Created);
        var penny = await KycFlow.OkJsonAsync(await user.Client.PostAsync("/api/v1/kyc/bank/verify_penny_drop", null));
        Assert.Equal("success", penny.GetProperty("status").GetString());

        var status = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/kyc/status/get_kyc_status"));
        Assert.Equal(50, status.GetProperty("completion_percentage").GetInt32());
        Assert.Equal("pending", status.GetProperty("status").GetString());
        Assert.Equal("pending", status.GetProperty("bank").GetProperty("status").GetString());
        Assert.Contains(status.GetProperty("next_steps").EnumerateArray(), s => s.GetString()!.Contains("review", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("pending", Scalar(host, $"SELECT kyc_status FROM users WHERE user_code = '{user.UserCode}'"));

        // The reviewer sees all four in the queue and the user's whole file, numbers masked, names cross-checked.
        var queue = await KycFlow.OkJsonAsync(await reviewer.Client.GetAsync("/api/v1/admin/kyc/queue?branch=BLR01&page_size=100"));
        Assert.Equal(4, queue.GetProperty("results").EnumerateArray().Count(e => e.GetProperty("user_code").GetString() == user.UserCode));
        var detail = await KycFlow.OkJsonAsync(await reviewer.Client.GetAsync($"/api/v1/admin/kyc/{user.UserCode}"));
        Assert.Equal("XXXX-XXXX-" + user.Aadhaar[^4..], detail.GetProperty("sections").GetProperty("aadhaar").GetProperty("aadhaar_number").GetString());
        Assert.Equal("XXXXXX" + user.Pan[^4..], detail.GetProperty("sections").GetProperty("pan").GetProperty("pan_number").GetString());
        var checks = detail.GetProperty("cross_check").GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!, c => c.GetProperty("result").GetString());
        Assert.Equal("match", checks["name:aadhaar-pan"]);
        Assert.Equal("match", checks["dob:aadhaar-pan"]);
        Assert.Equal("mismatch", checks["name:bank-record"]); // the open sandbox range answers SANDBOX HOLDER
        var raw = detail.ToString();
        Assert.DoesNotContain(user.Aadhaar, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Pan, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Account, raw, StringComparison.Ordinal);

        foreach (var section in new[] { "aadhaar", "pan", "business", "bank" })
        {
            var decision = await KycFlow.OkJsonAsync(await reviewer.Client.PostJsonAsync($"/api/v1/admin/kyc/{user.UserCode}/{section}/approve", new { reason = "documents match" }));
            Assert.Equal("verified", decision.GetProperty("status").GetString());
        }

        status = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/kyc/status/get_kyc_status"));
        Assert.Equal(100, status.GetProperty("completion_percentage").GetInt32());
        Assert.Equal("verified", status.GetProperty("status").GetString());
        Assert.Empty(status.GetProperty("next_steps").EnumerateArray());
        Assert.Equal("verified", Scalar(host, $"SELECT kyc_status FROM users WHERE user_code = '{user.UserCode}'"));
        resume = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/kyc/resume"));
        Assert.Equal("complete", resume.GetProperty("current_step").GetString());
        var profile = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/user/profile/my_profile"));
        Assert.Equal("verified", profile.GetProperty("kyc_status").GetString());

        // Every decision is audited and logged; the user was told by email.
        Assert.Equal("4", Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'kyc.approved' AND target_id = '{user.UserCode}' AND actor = '{reviewer.UserCode}'"));
        // The registration funnel followed the user through every section to full verification.
        Assert.Equal("1", Scalar(host, $"SELECT COUNT(*) FROM registration_funnel WHERE user_code = '{user.UserCode}' AND aadhaar_at IS NOT NULL AND pan_at IS NOT NULL " +
            "AND business_at IS NOT NULL AND bank_at IS NOT NULL AND verified_at IS NOT NULL"));
        Assert.Equal("4", Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'kyc.submitted' AND target_id = '{user.UserCode}'"));
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == user.Registration.Email
            && m.GetProperty("body").GetString()!.Contains("Your KYC is now complete", StringComparison.Ordinal));
        var kycLog = host.ReadLog("kyc");
        Assert.Contains($"of {user.UserCode} verified by {reviewer.UserCode}", kycLog, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Aadhaar, kycLog, StringComparison.Ordinal);
    }

    internal static string? Scalar(ApiHost host, string sql) => Convert.ToString(host.Database.Scalar(sql), CultureInfo.InvariantCulture);
}
