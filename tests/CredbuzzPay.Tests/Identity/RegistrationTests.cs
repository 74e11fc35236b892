using System.Globalization;
using System.Net;
using CredbuzzPay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Identity;

public sealed class RegistrationTests
{
    [Theory, EngineData]
    public async Task BothCodes_CreateTheUser_AndNothingIsStoredInUsersBefore(string engine)
    {
        var host = ApiHost.For(engine);
        var flow = new RegistrationFlow(host);

        await flow.InitiateAsync();
        var emailCode = await flow.CodeAsync("email");
        var mobileCode = await flow.CodeAsync("mobile");
        Assert.NotEqual(emailCode, mobileCode);
        Assert.Equal(0L, Count(host, $"SELECT COUNT(*) FROM users WHERE email_normalized = '{flow.Email}'"));

        var first = await (await flow.VerifyAsync("email", emailCode)).JsonAsync();
        Assert.True(first.GetProperty("email_verified").GetBoolean());
        Assert.False(first.GetProperty("mobile_verified").GetBoolean());
        Assert.False(first.GetProperty("user_created").GetBoolean());
        Assert.Equal(0L, Count(host, $"SELECT COUNT(*) FROM users WHERE email_normalized = '{flow.Email}'"));

        var second = await (await flow.VerifyAsync("mobile", mobileCode)).JsonAsync();
        Assert.True(second.GetProperty("user_created").GetBoolean());
        var userCode = second.GetProperty("user_code").GetString()!;
        Assert.Matches("^[A-Z0-9]{6}$", userCode);

        using var connection = host.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT user_code, role, tier, status, mobile, password_hash FROM users WHERE email_normalized = '{flow.Email}'";
        using (var reader = command.ExecuteReader())
        {
            Assert.True(reader.Read());
            Assert.Equal([userCode, "user", "customer", "active", flow.Mobile], Enumerable.Range(0, 5).Select(reader.GetString));
            Assert.StartsWith("$argon2id$", reader.GetString(5), StringComparison.Ordinal);
        }
        Assert.Equal(1L, Count(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'user.registered' AND target_id = '{userCode}'"));
        Assert.Equal(1L, Count(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'registration.initiated' AND target_id = '{flow.RequestId}'"));
        Assert.Equal(0L, Count(host, $"SELECT COUNT(*) FROM otp_challenges WHERE code_hash LIKE '%{emailCode}%' OR code_hash LIKE '%{mobileCode}%'"));

        // Once complete, any further verify is a 409 and no code is looked at (a wrong one counts no attempt either).
        var attemptsBefore = Count(host, "SELECT COALESCE(SUM(attempts), 0) FROM otp_challenges WHERE " + RequestIs(host, flow.RequestId));
        foreach (var (channel, code) in new[] { ("mobile", mobileCode), ("email", "000000") })
        {
            var again = await RegistrationFlow.ProblemAsync(await flow.VerifyAsync(channel, code), HttpStatusCode.Conflict);
            Assert.Equal("registration_complete", again.GetProperty("code").GetString());
            Assert.False(again.TryGetProperty("user_code", out _));
        }
        Assert.Equal(attemptsBefore, Count(host, "SELECT COALESCE(SUM(attempts), 0) FROM otp_challenges WHERE " + RequestIs(host, flow.RequestId)));

        // Every step is an auth.log line (masked contacts), and the channel names survive redaction in otp.log.
        var auth = host.ReadLog("auth");
        // (Identifiers other than strings are written as JSON, so the request id stands in quotes.)
        Assert.Contains($"Registration \"{flow.RequestId}\" initiated for ", auth, StringComparison.Ordinal);
        Assert.Contains($"Registration \"{flow.RequestId}\": email verified", auth, StringComparison.Ordinal);
        Assert.Contains($"Registration \"{flow.RequestId}\": mobile verified", auth, StringComparison.Ordinal);
        Assert.Contains($"Registration \"{flow.RequestId}\" complete: user {userCode} created", auth, StringComparison.Ordinal);
        Assert.DoesNotContain(flow.Email, auth, StringComparison.Ordinal);
        Assert.Contains($"Issued a registration code over email for request \"{flow.RequestId}\"", host.ReadLog("otp"), StringComparison.Ordinal);
        Assert.Contains($"Issued a registration code over sms for request \"{flow.RequestId}\"", host.ReadLog("otp"), StringComparison.Ordinal);
        foreach (var file in new[] { "auth", "otp", "api", "app" })
        {
            Assert.DoesNotContain(emailCode, host.ReadLog(file), StringComparison.Ordinal);
            Assert.DoesNotContain(mobileCode, host.ReadLog(file), StringComparison.Ordinal);
            Assert.DoesNotContain(RegistrationFlow.Password, host.ReadLog(file), StringComparison.Ordinal);
        }
    }

    [Theory, EngineData]
    public async Task TakenEmailOrMobile_Answers409WithTheField(string engine)
    {
        var host = ApiHost.For(engine);
        var existing = new RegistrationFlow(host);
        await existing.CompleteAsync();
        var (freshEmail, freshMobile) = CreateSuperuserTests.UniqueContact();

        var sameEmail = await existing.InitiateRawAsync(new { first_name = "B", last_name = "C", email = existing.Email.ToUpperInvariant(), mobile = freshMobile, password = RegistrationFlow.Password, confirm_password = RegistrationFlow.Password });
        var sameMobile = await existing.InitiateRawAsync(new { first_name = "B", last_name = "C", email = freshEmail, mobile = "+91" + existing.MobileDigits, password = RegistrationFlow.Password, confirm_password = RegistrationFlow.Password });

        Assert.True((await RegistrationFlow.ProblemAsync(sameEmail, HttpStatusCode.Conflict)).GetProperty("errors").TryGetProperty("email", out _));
        Assert.True((await RegistrationFlow.ProblemAsync(sameMobile, HttpStatusCode.Conflict)).GetProperty("errors").TryGetProperty("mobile", out _));
        Assert.Equal(0L, Count(host, $"SELECT COUNT(*) FROM pending_registrations WHERE email = '{freshEmail}'"));
    }

    [Fact]
    public async Task InvalidDetails_Answer400WithAMessagePerField()
    {
        var flow = new RegistrationFlow(ApiHost.For(TestEngines.Sqlite));

        var response = await flow.InitiateRawAsync(new { first_name = new string('a', 101), last_name = "Rao", email = "not-an-email", mobile = "12345", password = "Password@123", confirm_password = "different" });

        var errors = (await RegistrationFlow.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        // Names are optional (seed 003 #1 sends none), but one given is bounded.
        Assert.Equal(["confirm_password", "email", "first_name", "mobile", "password"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("This password is too common; choose another.", errors.GetProperty("password")[0].GetString());
    }

    [Fact]
    public async Task UnknownRequest_Answers404()
    {
        var flow = new RegistrationFlow(ApiHost.For(TestEngines.Sqlite));

        var response = await flow.VerifyAsync("email", "123456");

        await RegistrationFlow.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory, EngineData]
    public async Task ThreeWrongCodes_BlockTheVerificationEvenForTheRightCode_UntilTheBlockRunsOut(string engine)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ApiHost(engine, null, services => services.AddSingleton<TimeProvider>(clock));
        var flow = new RegistrationFlow(host);
        await flow.InitiateAsync();
        var code = await flow.CodeAsync("email");
        var wrong = code == "000000" ? "111111" : "000000";

        var first = await RegistrationFlow.ProblemAsync(await flow.VerifyAsync("email", wrong), HttpStatusCode.BadRequest);
        var second = await RegistrationFlow.ProblemAsync(await flow.VerifyAsync("email", wrong), HttpStatusCode.BadRequest);
        var third = await flow.VerifyAsync("email", wrong);
        var right = await flow.VerifyAsync("email", code);

        Assert.Equal("Incorrect code; 2 attempt(s) left.", first.GetProperty("errors").GetProperty("otp")[0].GetString());
        Assert.Equal("Incorrect code; 1 attempt(s) left.", second.GetProperty("errors").GetProperty("otp")[0].GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.InRange(int.Parse(right.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 14 * 60, 15 * 60);
        Assert.Equal(1L, Count(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'otp.blocked' AND target_id = '{flow.RequestId}'"));

        clock.Advance(TimeSpan.FromMinutes(16));
        var resend = await flow.ResendAsync("email");
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        var fresh = await flow.CodeAsync("email", 2);
        Assert.Equal(HttpStatusCode.OK, (await flow.VerifyAsync("email", fresh)).StatusCode);
    }

    [Theory, EngineData]
    public async Task FiftyConcurrentGuesses_AreEvaluatedAtMostThreeTimes(string engine)
    {
        var host = ApiHost.For(engine);
        var flow = new RegistrationFlow(host);
        await flow.InitiateAsync();
        var code = await flow.CodeAsync("mobile");
        var wrong = code == "999999" ? "888888" : "999999";

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => flow.VerifyAsync("mobile", wrong)));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests }));
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest), 0, 2);
        Assert.Equal(3L, Count(host, $"SELECT MAX(attempts) FROM otp_challenges WHERE {RequestIs(host, flow.RequestId)} AND channel = 'sms'"));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await flow.VerifyAsync("mobile", code)).StatusCode);
    }

    [Fact]
    public async Task ExpiredCode_IsRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ApiHost(TestEngines.Sqlite, null, services => services.AddSingleton<TimeProvider>(clock));
        var flow = new RegistrationFlow(host);
        await flow.InitiateAsync();
        var code = await flow.CodeAsync("email");

        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var response = await RegistrationFlow.ProblemAsync(await flow.VerifyAsync("email", code), HttpStatusCode.BadRequest);

        Assert.Equal("This code has expired; ask for a new one.", response.GetProperty("errors").GetProperty("otp")[0].GetString());
    }

    [Fact]
    public async Task Resend_WaitsForTheCooldown_AndReplacesThePreviousCode()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ApiHost(TestEngines.Sqlite, null, services => services.AddSingleton<TimeProvider>(clock));
        var flow = new RegistrationFlow(host);
        await flow.InitiateAsync();
        var original = await flow.CodeAsync("mobile");

        clock.Advance(TimeSpan.FromSeconds(30));
        var early = await flow.ResendAsync("mobile");
        clock.Advance(TimeSpan.FromSeconds(31));
        var onTime = await flow.ResendAsync("mobile");
        var replacement = await flow.CodeAsync("mobile", 2);

        Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
        Assert.InRange(int.Parse(early.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 29, 30);
        Assert.Equal(HttpStatusCode.OK, onTime.StatusCode);
        if (replacement != original)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await flow.VerifyAsync("mobile", original)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await flow.VerifyAsync("mobile", replacement)).StatusCode);
    }

    [Fact]
    public async Task DailyCapPerDestination_Answers429()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?> { ["Identity:Otp:DailyCapPerDestination"] = "2" },
            services => services.AddSingleton<TimeProvider>(clock));
        var flow = new RegistrationFlow(host);
        await flow.InitiateAsync();

        clock.Advance(TimeSpan.FromMinutes(2));
        var second = await flow.ResendAsync("email");
        clock.Advance(TimeSpan.FromMinutes(2));
        var third = await flow.ResendAsync("email");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.Contains("Retry-After"));
    }

    private static string RequestIs(ApiHost host, Guid requestId) => host.Database.Engine switch
    {
        TestEngines.Sqlite => $"request_id = X'{Convert.ToHexString(requestId.ToByteArray())}'",
        _ => $"request_id = '{requestId}'",
    };

    private static long Count(ApiHost host, string sql) => Convert.ToInt64(host.Database.Scalar(sql), CultureInfo.InvariantCulture);
}
