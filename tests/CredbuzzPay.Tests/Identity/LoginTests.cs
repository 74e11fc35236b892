using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CredbuzzPay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Identity;

public sealed class LoginTests
{
    [Theory, EngineData]
    public async Task PasswordThenSmsCode_OpenASession_WhoseAccessTokenReachesTheProfile(string engine)
    {
        var host = ApiHost.For(engine);
        var flow = new RegistrationFlow(host);
        var userCode = await flow.CompleteAsync();

        var tokens = await SignInAsync(flow, flow.Email);

        Assert.Equal(userCode, tokens.GetProperty("user").GetProperty("user_code").GetString());
        Assert.Equal("user", tokens.GetProperty("user").GetProperty("role").GetString());
        using var client = Authorized(host, tokens);
        var profile = await client.GetAsync("/api/v1/user/profile/my_profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        var body = await profile.JsonAsync();
        Assert.Equal(userCode, body.GetProperty("user_code").GetString());
        Assert.Equal(flow.Email, body.GetProperty("email").GetString());
        Assert.Equal(2L, Count(host, $"SELECT COUNT(*) FROM login_activity WHERE outcome IN ('password_accepted', 'success') AND user_id IN (SELECT id FROM users WHERE user_code = '{userCode}')"));
        Assert.Equal(1L, Count(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'login.succeeded' AND actor = '{userCode}'"));
        Assert.Contains($"user={userCode}", host.ReadLog("api"), StringComparison.Ordinal);
        Assert.Contains("Login success for", host.ReadLog("auth"), StringComparison.Ordinal);
    }

    [Theory, EngineData]
    public async Task ThreeWrongPasswords_LockTheAccount_AndTheLockLooksExactlyLikeAWrongPassword(string engine)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ApiHost(engine, null, services => services.AddSingleton<TimeProvider>(clock));
        var flow = new RegistrationFlow(host);
        var userCode = await flow.CompleteAsync();

        var wrong = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            wrong.Add(await RegistrationFlow.ProblemAsync(await LoginAsync(flow, flow.Email, "Wrong-Pass#123"), HttpStatusCode.Unauthorized));
        }
        var whileLocked = await RegistrationFlow.ProblemAsync(await LoginAsync(flow, flow.Email, RegistrationFlow.Password), HttpStatusCode.Unauthorized);
        var unknown = await RegistrationFlow.ProblemAsync(await LoginAsync(flow, "nobody-" + Guid.NewGuid().ToString("N") + "@example.com", RegistrationFlow.Password), HttpStatusCode.Unauthorized);

        Assert.All(wrong.Append(unknown), problem => Assert.Equal(Shape(whileLocked), Shape(problem)));
        Assert.Equal(1L, Count(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'login.locked' AND target_id = '{userCode}'"));
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == flow.Mobile && m.GetProperty("body").GetString()!.Contains("locked", StringComparison.Ordinal));
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == flow.Email && m.GetProperty("body").GetString()!.Contains("locked", StringComparison.Ordinal));
        Assert.Equal(1L, Count(host, "SELECT COUNT(*) FROM login_activity WHERE outcome = 'locked'"));

        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(flow, flow.Email, RegistrationFlow.Password)).StatusCode);
    }

    [Theory, EngineData]
    public async Task Logout_StopsTheAccessAndRefreshTokensAtOnce(string engine)
    {
        var host = ApiHost.For(engine);
        var flow = new RegistrationFlow(host);
        await flow.CompleteAsync();
        var tokens = await SignInAsync(flow, flow.MobileDigits);
        using var client = Authorized(host, tokens);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);

        var logout = await client.PostAsync("/api/v1/auth/logout", null);
        var afterwards = await client.GetAsync("/api/v1/user/profile/my_profile");
        var refresh = await flow.Client.PostJsonAsync("/api/v1/auth/token/refresh", new { refresh = tokens.GetProperty("refresh").GetString() });

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Theory, EngineData]
    public async Task RefreshRotates_AndPresentingAUsedRefreshTokenRevokesTheWholeSession(string engine)
    {
        var host = ApiHost.For(engine);
        var flow = new RegistrationFlow(host);
        await flow.CompleteAsync();
        var tokens = await SignInAsync(flow, flow.Email);
        var firstRefresh = tokens.GetProperty("refresh").GetString();

        var rotated = await flow.Client.PostJsonAsync("/api/v1/auth/token/refresh", new { refresh = firstRefresh });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var fresh = await rotated.JsonAsync();
        Assert.NotEqual(firstRefresh, fresh.GetProperty("refresh").GetString());
        using var client = Authorized(host, fresh);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);

        var replay = await flow.Client.PostJsonAsync("/api/v1/auth/token/refresh", new { refresh = firstRefresh });
        var freshAfterReplay = await flow.Client.PostJsonAsync("/api/v1/auth/token/refresh", new { refresh = fresh.GetProperty("refresh").GetString() });
        var accessAfterReplay = await client.GetAsync("/api/v1/user/profile/my_profile");

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, freshAfterReplay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, accessAfterReplay.StatusCode);
        Assert.Equal(1L, Count(host, "SELECT COUNT(*) FROM user_sessions WHERE revoked_reason = 'refresh_reuse' AND " +
            $"user_id IN (SELECT id FROM users WHERE email_normalized = '{flow.Email}')"));
    }

    [Fact]
    public async Task BlockedOrDeletedUser_LosesAccessAtOnce_AndCannotSignInOrRefresh()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var flow = new RegistrationFlow(host);
        var userCode = await flow.CompleteAsync();
        var tokens = await SignInAsync(flow, flow.Email);
        using var client = Authorized(host, tokens);

        host.Database.Execute($"UPDATE users SET status = 'blocked' WHERE user_code = '{userCode}'");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(flow, flow.Email, RegistrationFlow.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.Client.PostJsonAsync("/api/v1/auth/token/refresh", new { refresh = tokens.GetProperty("refresh").GetString() })).StatusCode);

        host.Database.Execute($"UPDATE users SET status = 'active', deleted_at = '2026-01-01 00:00:00' WHERE user_code = '{userCode}'");
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(flow, flow.Email, RegistrationFlow.Password)).StatusCode);
    }

    internal static Task<HttpResponseMessage> LoginAsync(RegistrationFlow flow, string identifier, string password, string platform = "web") =>
        flow.Client.PostJsonAsync("/api/v1/auth/login", new { email_or_mobile = identifier, password, device_info = new { browser = "Chrome", os = "Android" }, platform });

    internal static async Task<JsonElement> SignInAsync(RegistrationFlow flow, string identifier, string platform = "web")
    {
        var smsBefore = await flow.CountAsync("mobile");
        var login = await LoginAsync(flow, identifier, RegistrationFlow.Password, platform);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var requestId = (await login.JsonAsync()).GetProperty("request_id").GetString();
        var code = await flow.CodeAsync("mobile", smsBefore + 1);
        var verify = await flow.Client.PostJsonAsync("/api/v1/auth/verify_login_otp", new { request_id = requestId, otp = code });
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        return await verify.JsonAsync();
    }

    internal static HttpClient Authorized(ApiHost host, JsonElement tokens)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access").GetString());
        return client;
    }

    private static string Shape(JsonElement problem) =>
        $"{problem.GetProperty("status").GetInt32()}|{problem.GetProperty("title").GetString()}|{problem.GetProperty("detail").GetString()}|" +
        string.Join(',', problem.EnumerateObject().Select(p => p.Name).Where(n => n is not ("correlation_id" or "instance")).Order());

    private static long Count(ApiHost host, string sql) => Convert.ToInt64(host.Database.Scalar(sql), CultureInfo.InvariantCulture);
}
