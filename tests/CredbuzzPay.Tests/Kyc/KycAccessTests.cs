using System.Net;
using System.Text;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Kyc;

/// <summary>Who may see documents and review; what the review rules allow.</summary>
public sealed class KycAccessTests
{
    [Theory, EngineData]
    public async Task Documents_ReachOnlyTheOwnerAndReviewersOfTheirBranch_EveryoneElseGets404(string engine)
    {
        var host = ApiHost.For(engine);
        var branch = "B" + KycFlow.RandomDigits(6);
        var owner = await KycFlow.StartAsync(host, branch: branch);
        var stranger = await KycFlow.StartAsync(host, branch: branch);
        var branchAdmin = await KycFlow.StartAsync(host, role: "admin", branch: branch);
        var otherAdmin = await KycFlow.StartAsync(host, role: "admin", branch: "X" + KycFlow.RandomDigits(6));
        var auditor = await KycFlow.StartAsync(host, role: "auditor", branch: branch);
        // The same branch admin, signed in on the web: staff reach other people's documents only from a staff platform.
        var adminOnWeb = await KycFlow.StartAsync(host, role: "admin", branch: branch, platform: "web");

        await KycFlow.OkJsonAsync(await owner.SubmitAadhaarAsync(), HttpStatusCode.Created);
        var status = await KycFlow.OkJsonAsync(await owner.Client.GetAsync("/api/v1/kyc/aadhaar/get_aadhaar_status"));
        var url = status.GetProperty("documents")[0].GetProperty("url").GetString()!;

        var mine = await owner.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal("image/jpeg", mine.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", mine.Headers.CacheControl?.ToString());
        var bytes = await mine.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, bytes[..3]);
        Assert.DoesNotContain("camera-serial-XYZ123", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal); // metadata stripped

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/v1/kyc/documents/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await branchAdmin.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminOnWeb.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminOnWeb.Client.GetAsync($"/api/v1/admin/kyc/{owner.UserCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync(url)).StatusCode);

        // The review endpoints: users and auditors are refused, an admin of another branch cannot even find the user.
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.Client.GetAsync("/api/v1/admin/kyc/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.Client.GetAsync("/api/v1/admin/kyc/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.Client.GetAsync($"/api/v1/admin/kyc/{owner.UserCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.Client.PostJsonAsync($"/api/v1/admin/kyc/{owner.UserCode}/aadhaar/reject", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.Client.GetAsync($"/api/v1/admin/kyc/queue?branch={branch}")).StatusCode);
        var otherQueue = await KycFlow.OkJsonAsync(await otherAdmin.Client.GetAsync("/api/v1/admin/kyc/queue?page_size=100"));
        Assert.DoesNotContain(otherQueue.GetProperty("results").EnumerateArray(), e => e.GetProperty("user_code").GetString() == owner.UserCode);
        var queue = await KycFlow.OkJsonAsync(await branchAdmin.Client.GetAsync("/api/v1/admin/kyc/queue?section=aadhaar"));
        var entry = Assert.Single(queue.GetProperty("results").EnumerateArray(), e => e.GetProperty("user_code").GetString() == owner.UserCode);
        Assert.False(entry.GetProperty("ready_to_approve").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await branchAdmin.Client.GetAsync($"/api/v1/admin/kyc/{owner.UserCode}")).StatusCode);

        // Nobody reviews their own KYC, and an admin's KYC is beyond another admin.
        await KycFlow.OkJsonAsync(await branchAdmin.SubmitPanAsync(), HttpStatusCode.Created);
        await RegistrationFlow.ProblemAsync(await branchAdmin.Client.PostJsonAsync($"/api/v1/admin/kyc/{branchAdmin.UserCode}/pan/approve", new { }), HttpStatusCode.Forbidden);
        var peer = await KycFlow.StartAsync(host, role: "admin", branch: branch);
        Assert.Equal(HttpStatusCode.NotFound, (await peer.Client.PostJsonAsync($"/api/v1/admin/kyc/{branchAdmin.UserCode}/pan/approve", new { })).StatusCode);
        Assert.Equal("pending", KycFlowTests.Scalar(host, $"SELECT status FROM kyc_submissions WHERE user_code = '{branchAdmin.UserCode}' AND deleted_at IS NULL"));
    }

    [Theory, EngineData]
    public async Task Review_ApprovesOnlyWhatIsChecked_RejectionsNeedAReason_AndAVerifiedSectionIsFinal(string engine)
    {
        var host = ApiHost.For(engine);
        var user = await KycFlow.StartAsync(host);
        var reviewer = await KycFlow.StartAsync(host, role: "super_admin");
        await KycFlow.OkJsonAsync(await user.SubmitAadhaarAsync(), HttpStatusCode.Created);
        var bankAccount = "12" + KycFlow.RandomDigits(10); // outside the sandbox's test set: no such account
        var bank = user.BankFields();
        bank["account_number"] = bank["confirm_account_number"] = bankAccount;
        await KycFlow.OkJsonAsync(await user.SubmitBankAsync(bank), HttpStatusCode.Created);

        // Not before the Aadhaar OTP, not before a successful penny drop.
        var early = await RegistrationFlow.ProblemAsync(await reviewer.Client.PostJsonAsync($"/api/v1/admin/kyc/{user.UserCode}/aadhaar/approve", new { }), HttpStatusCode.Conflict);
        Assert.Contains("OTP", early.GetProperty("detail").GetString(), StringComparison.Ordinal);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var penny = await KycFlow.OkJsonAsync(await user.Client.PostAsync("/api/v1/kyc/bank/verify_penny_drop", null));
            Assert.Equal("account_not_found", penny.GetProperty("status").GetString());
            Assert.Equal(3 - attempt, penny.GetProperty("attempts_left").GetInt32());
        }
        await RegistrationFlow.ProblemAsync(await user.Client.PostAsync("/api/v1/kyc/bank/verify_penny_drop", null), HttpStatusCode.Conflict);
        await RegistrationFlow.ProblemAsync(await reviewer.Client.PostJsonAsync($"/api/v1/admin/kyc/{user.UserCode}/bank/approve", new { }), HttpStatusCode.Conflict);

        // A rejection needs a reason, reaches the user, and opens the section again.
        var noReason = await RegistrationFlow.ProblemAsync(await reviewer.Client.PostJsonAsync($"/api/v1/admin/kyc/{user.UserCode}/bank/reject", new { }), HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        var rejected = await KycFlow.OkJsonAsync(await reviewer.Client.PostJsonAsync($"/api/v1/admin/kyc/{user.UserCode}/bank/reject", new { reason = "Account not found at the bank" }));
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("action_required", rejected.GetProperty("kyc_status").GetString());
        await RegistrationFlow.ProblemAsync(await reviewer.Client.PostJsonAsync($"/api/v1/admin/kyc/{user.UserCode}/bank/approve", new { }), HttpStatusCode.Conflict);
        var status = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/kyc/status/get_kyc_status"));
        Assert.Contains(status.GetProperty("next_steps").EnumerateArray(), s => s.GetString()!.Contains("Account not found at the bank", StringComparison.Ordinal));
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == user.Registration.Email
            && m.GetProperty("body").GetString()!.Contains("rejected: Account not found at the bank", StringComparison.Ordinal));
        var resume = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/kyc/resume"));
        Assert.Equal("pan", resume.GetProperty("current_step").GetString());

        // The user confirms the Aadhaar; it is approved and can no longer be replaced.
        var code = await user.CodeSentToAsync(user.Registration.Mobile, user.MessagesTo(user.Registration.Mobile));
        var wrong = code == "000000" ? "111111" : "000000";
        var wrongAnswer = await RegistrationFlow.ProblemAsync(await user.Client.PostJsonAsync("/api/v1/kyc/aadhaar/verify_otp", new { otp = wrong }), HttpStatusCode.BadRequest);
        Assert.Contains("2 attempt(s) left", wrongAnswer.GetProperty("errors").GetProperty("otp")[0].GetString(), StringComparison.Ordinal);
        await KycFlow.OkJsonAsync(await user.Client.PostJsonAsync("/api/v1/kyc/aadhaar/verify_otp", new { otp = code }));
        await KycFlow.OkJsonAsync(await reviewer.Client.PostJsonAsync($"/api/v1/admin/kyc/{user.UserCode}/aadhaar/approve", new { }));
        await RegistrationFlow.ProblemAsync(await user.SubmitAadhaarAsync(), HttpStatusCode.Conflict);
        await RegistrationFlow.ProblemAsync(await reviewer.Client.PostJsonAsync($"/api/v1/admin/kyc/{user.UserCode}/aadhaar/request_resubmission", new { reason = "again" }), HttpStatusCode.Conflict);
        Assert.Equal("action_required", KycFlowTests.Scalar(host, $"SELECT kyc_status FROM users WHERE user_code = '{user.UserCode}'"));

        // Resubmitting the rejected bank section replaces it; the rejected version stays for the record.
        await KycFlow.OkJsonAsync(await user.SubmitBankAsync(), HttpStatusCode.Created);
        Assert.Equal("partially_verified", KycFlowTests.Scalar(host, $"SELECT kyc_status FROM users WHERE user_code = '{user.UserCode}'"));
        var detail = await KycFlow.OkJsonAsync(await reviewer.Client.GetAsync($"/api/v1/admin/kyc/{user.UserCode}"));
        Assert.Contains(detail.GetProperty("history").EnumerateArray(), h => h.GetProperty("status").GetString() == "rejected" && h.GetProperty("section").GetString() == "bank");
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'kyc.rejected' AND target_id = '{user.UserCode}'"));
        Assert.Contains($"bank of {user.UserCode} rejected by {reviewer.UserCode}", host.ReadLog("kyc"), StringComparison.Ordinal);
    }
}
