using System.Diagnostics;
using System.Globalization;
using System.Net;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Identity;

public sealed class PasswordAndSessionTests
{
    private const string NewPassword = "Br4nd-New#Secret";

    [Theory, EngineData]
    public async Task ForgotThenReset_SetsTheNewPassword_AndEndsEverySession(string engine)
    {
        var host = ApiHost.For(engine);
        var flow = new RegistrationFlow(host);
        var userCode = await flow.CompleteAsync();
        var tokens = await LoginTests.SignInAsync(flow, flow.Email);
        using var signedIn = LoginTests.Authorized(host, tokens);
        var emailsBefore = await flow.CountAsync("email");

        var forgot = await flow.Client.PostJsonAsync("/api/v1/auth/forgot_password", new { email_or_mobile = flow.Email });
        var requestId = (await forgot.JsonAsync()).GetProperty("request_id").GetString();
        var code = await flow.CodeAsync("email", emailsBefore + 1);
        var reset = await flow.Client.PostJsonAsync("/api/v1/auth/reset_password", new { request_id = requestId, otp = code, new_password = NewPassword, confirm_password = NewPassword });

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginTests.LoginAsync(flow, flow.Email, RegistrationFlow.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginTests.LoginAsync(flow, flow.Email, NewPassword)).StatusCode);
        Assert.Equal(1L, Count(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'password.reset' AND target_id = '{userCode}'"));
        Assert.Equal(HttpStatusCode.BadRequest, (await flow.Client.PostJsonAsync("/api/v1/auth/reset_password",
            new { request_id = requestId, otp = code, new_password = "An0ther#Secret", confirm_password = "An0ther#Secret" })).StatusCode);
    }

    [Fact]
    public async Task ForgotPassword_AnswersTheSameForUnknownAccounts_InStatusShapeAndTime()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var flow = new RegistrationFlow(host);
        await flow.CompleteAsync();

        var (known, knownTime) = await TimedAsync(() => flow.Client.PostJsonAsync("/api/v1/auth/forgot_password", new { email_or_mobile = flow.Email }));
        var (unknown, unknownTime) = await TimedAsync(() => flow.Client.PostJsonAsync("/api/v1/auth/forgot_password", new { email_or_mobile = $"ghost-{Guid.NewGuid():N}@example.com" }));

        Assert.True(known.StatusCode == HttpStatusCode.OK, $"known: {(int)known.StatusCode} {await known.Content.ReadAsStringAsync()}");
        Assert.True(unknown.StatusCode == HttpStatusCode.OK, $"unknown: {(int)unknown.StatusCode} {await unknown.Content.ReadAsStringAsync()}");
        var knownBody = await known.JsonAsync();
        var unknownBody = await unknown.JsonAsync();
        Assert.Equal(knownBody.EnumerateObject().Select(p => p.Name), unknownBody.EnumerateObject().Select(p => p.Name));
        Assert.Equal(knownBody.GetProperty("message").GetString(), unknownBody.GetProperty("message").GetString());
        Assert.True(knownTime >= TimeSpan.FromMilliseconds(400) && unknownTime >= TimeSpan.FromMilliseconds(400), $"{knownTime} / {unknownTime}");
    }

    [Theory, EngineData]
    public async Task StrangersAskingForResetCodes_CannotStarveTheOwnersSignIn_AndTheOwnerIsToldOnce(string engine)
    {
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Identity:Otp:DailyCapPerDestination"] = "3" });
        var flow = new RegistrationFlow(host);
        var userCode = await flow.CompleteAsync();
        var smsBefore = await flow.CountAsync("mobile");

        // Anyone may ask for a reset code for a number; after the day's three, the rest are swallowed (same answer, nothing sent).
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await flow.Client.PostJsonAsync("/api/v1/auth/forgot_password", new { email_or_mobile = flow.MobileDigits })).StatusCode);
        }
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == flow.Email && m.GetProperty("body").GetString()!.Contains("Signing in is not affected", StringComparison.Ordinal));

        // The owner still signs in: the second factor has its own allowance.
        var tokens = await LoginTests.SignInAsync(flow, flow.Email);
        Assert.Equal(userCode, tokens.GetProperty("user").GetProperty("user_code").GetString());
        Assert.Equal(smsBefore + 3 + 1, await flow.CountAsync("mobile"));
        Assert.Single(host.PickupMessages(), m => m.GetProperty("to").GetString() == flow.Email
            && m.GetProperty("body").GetString()!.Contains("Signing in is not affected", StringComparison.Ordinal));
        Assert.Equal(1L, Convert.ToInt64(host.Database.Scalar("SELECT COUNT(*) FROM audit_trail WHERE action = 'otp.daily_cap_reached'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ChangePassword_NeedsTheCurrentOne_AndEndsOtherSessionsButThisOne()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var flow = new RegistrationFlow(host);
        await flow.CompleteAsync();
        using var phone = LoginTests.Authorized(host, await LoginTests.SignInAsync(flow, flow.Email));
        using var laptop = LoginTests.Authorized(host, await LoginTests.SignInAsync(flow, flow.MobileDigits));

        var wrongOld = await phone.PostJsonAsync("/api/v1/user/profile/change_password", new { old_password = "Not-The-0ld#One", new_password = NewPassword });
        var changed = await phone.PostJsonAsync("/api/v1/user/profile/change_password", new { old_password = RegistrationFlow.Password, new_password = NewPassword });

        Assert.True((await RegistrationFlow.ProblemAsync(wrongOld, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("old_password", out _));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
    }

    [Theory, EngineData]
    public async Task Sessions_AreListedForTheirOwner_AndAnotherUsersSessionIs404(string engine)
    {
        var host = ApiHost.For(engine);
        var asha = new RegistrationFlow(host);
        await asha.CompleteAsync();
        var ravi = new RegistrationFlow(host);
        await ravi.CompleteAsync();
        using var ashaClient = LoginTests.Authorized(host, await LoginTests.SignInAsync(asha, asha.Email));
        using var ashaOther = LoginTests.Authorized(host, await LoginTests.SignInAsync(asha, asha.Email));
        using var raviClient = LoginTests.Authorized(host, await LoginTests.SignInAsync(ravi, ravi.Email));

        var list = await (await ashaClient.GetAsync("/api/v1/auth/sessions")).JsonAsync();
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal(1, list.EnumerateArray().Count(s => s.GetProperty("current").GetBoolean()));
        var other = list.EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await raviClient.DeleteAsync($"/api/v1/auth/sessions/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ashaOther.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ashaClient.DeleteAsync($"/api/v1/auth/sessions/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ashaOther.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);

        var history = await (await ashaClient.GetAsync("/api/v1/login-activity/get_my_login_history?days=30")).JsonAsync();
        Assert.Equal(2, history.GetProperty("total_logins").GetInt32());
        Assert.Equal(2, history.GetProperty("recent_logins").GetArrayLength());
        Assert.All(history.GetProperty("recent_logins").EnumerateArray(), e => Assert.Equal("success", e.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AuthEndpoints_AreLimitedPerAddress_AndSignInPerAccount()
    {
        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?> { ["Identity:LoginAttemptsPerMinutePerAccount"] = "3" });
        var flow = new RegistrationFlow(host);
        var ghost = $"ghost-{Guid.NewGuid():N}@example.com";

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await LoginTests.LoginAsync(flow, ghost, "Wrong-Pass#123")).StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);

        await using var strict = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?> { ["Identity:AuthPermitsPerMinutePerIp"] = "2" });
        var strictFlow = new RegistrationFlow(strict);
        var perAddress = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            perAddress.Add((await LoginTests.LoginAsync(strictFlow, $"x{i}-{Guid.NewGuid():N}@example.com", "Wrong-Pass#123")).StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], perAddress);
    }

    /// <summary>
    /// Carrier-grade NAT: a busy network's users share one address. With the shipped limits, 250
    /// sign-in steps and token refreshes of different people from one address in a minute are all
    /// answered on their merits (the old default answered the 31st with 429).
    /// </summary>
    [Fact]
    public async Task ManyPeopleBehindOneAddress_AreServedByTheDefaultLimits()
    {
        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?> { ["Identity:AuthPermitsPerMinutePerIp"] = null });
        using var client = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 125; i++)
        {
            statuses.Add((await client.PostJsonAsync("/api/v1/auth/verify_login_otp", new { request_id = Guid.NewGuid(), otp = "123456" })).StatusCode);
            statuses.Add((await client.PostJsonAsync("/api/v1/auth/token/refresh", new { refresh = $"expired-{i}" })).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(125, statuses.Count(s => s == HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task NoPasswordOtpOrTokenReachesAnyLogFile()
    {
        await using var host = new ApiHost(TestEngines.Sqlite);
        var flow = new RegistrationFlow(host);
        await flow.InitiateAsync();
        var codes = new[] { await flow.CodeAsync("email"), await flow.CodeAsync("mobile") };
        await flow.VerifyAsync("email", codes[0]);
        await flow.VerifyAsync("mobile", codes[1]);
        var tokens = await LoginTests.SignInAsync(flow, flow.Email);
        var loginCode = await flow.CodeAsync("mobile", 2);
        using var client = LoginTests.Authorized(host, tokens);
        await client.GetAsync("/api/v1/user/profile/my_profile");
        var refreshed = await (await flow.Client.PostJsonAsync("/api/v1/auth/token/refresh", new { refresh = tokens.GetProperty("refresh").GetString() })).JsonAsync();
        await LoginTests.LoginAsync(flow, flow.Email, "Wrong-Pass#123");

        var secrets = codes.Append(loginCode).Append(RegistrationFlow.Password).Append("Wrong-Pass#123")
            .Append(tokens.GetProperty("access").GetString()!).Append(tokens.GetProperty("refresh").GetString()!)
            .Append(refreshed.GetProperty("refresh").GetString()!).ToList();
        foreach (var file in Directory.GetFiles(host.LogDirectory, "*.log"))
        {
            var text = TestFiles.ReadShared(file);
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }
        Assert.Contains("Login bad_password for", host.ReadLog("auth"), StringComparison.Ordinal);
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> TimedAsync(Func<Task<HttpResponseMessage>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await call();
        return (response, Stopwatch.GetElapsedTime(started));
    }

    private static long Count(ApiHost host, string sql) => Convert.ToInt64(host.Database.Scalar(sql), CultureInfo.InvariantCulture);
}
