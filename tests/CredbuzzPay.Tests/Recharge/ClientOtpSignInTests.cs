using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Wallets;

namespace CredbuzzPay.Tests.Recharge;

/// <summary>Seed 002's client sign-in with an SMS code alone: customers only, the same answers for everyone else.</summary>
public sealed class ClientOtpSignInTests
{
    [Theory, EngineData]
    public async Task AClientSignsInWithTheCodeAlone_ARetailerOrAnUnknownNumberGetsTheSameAnswers_AndNoCode(string engine)
    {
        var host = RechargeFlow.Host(engine);
        var anonymous = host.CreateClient();
        var client = await KycFlow.StartAsync(host);
        var mobile = client.Registration.Mobile;
        var before = host.MessagesTo(mobile);

        var sent = await KycFlow.OkJsonAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/otp/generate/", new { mobile = client.Registration.MobileDigits }));
        var code = await host.CodeSentToAsync(mobile, before + 1);
        // A wrong code first: the same refusal an unknown number gets.
        var wrong = code == "000000" ? "111111" : "000000";
        var refusal = await WalletFlow.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/otp/verify/", new { mobile, otp = wrong }), HttpStatusCode.BadRequest);
        var tokens = await KycFlow.OkJsonAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/otp/verify/", new { mobile, otp = code }));
        Assert.Equal(client.UserCode, tokens.GetProperty("user").GetProperty("user_code").GetString());
        var signedIn = Identity.LoginTests.Authorized(host, tokens);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/v1/wallet/wallets/")).StatusCode);
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.user_code = '{client.UserCode}' AND s.platform = 'mobile_app'"));
        // The code was single use.
        await WalletFlow.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/otp/verify/", new { mobile, otp = code }), HttpStatusCode.BadRequest);

        // A retailer and a number nobody has: the same 200, no message, and the same 400.
        var admin = await KycFlow.StartAsync(host, "admin", WalletFlow.Branch());
        var retailer = await WalletFlow.MemberAsync(host, admin, KycFlowTests.Scalar(host, $"SELECT branch_code FROM users WHERE user_code = '{admin.UserCode}'")!, "retailer");
        var unknown = "9" + KycFlow.RandomDigits(9);
        foreach (var number in new[] { retailer.Registration.Mobile, "+91" + unknown })
        {
            var messages = host.MessagesTo(number);
            var answer = await KycFlow.OkJsonAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/otp/generate/", new { mobile = number }));
            Assert.Equal(sent.GetProperty("message").GetString(), answer.GetProperty("message").GetString());
            var no = await WalletFlow.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/otp/verify/", new { mobile = number, otp = "123456" }), HttpStatusCode.BadRequest);
            Assert.Equal(refusal.GetProperty("errors").GetRawText(), no.GetProperty("errors").GetRawText());
            await Task.Delay(300);
            Assert.Equal(messages, host.MessagesTo(number));
        }
        await WalletFlow.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/otp/generate/", new { mobile = "12345" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SwitchedOff_BothStepsAre404()
    {
        await using var host = new ApiHost(TestEngines.Sqlite, RechargeFlow.Settings(new() { ["Identity:ClientOtpSignIn"] = "false" }));
        var anonymous = host.CreateClient();
        await LedgerFlow.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/otp/generate/", new { mobile = "9876543210" }), HttpStatusCode.NotFound);
        await LedgerFlow.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/otp/verify/", new { mobile = "9876543210", otp = "123456" }), HttpStatusCode.NotFound);
    }
}
