using System.Net;
using CredbuzzPay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Identity;

public sealed class TokenLifetimeTests
{
    [Fact]
    public async Task AccessTokenLasts15MinutesWith30SecondsOfSkew_AndRefreshEndsSevenDaysAfterLogin()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ApiHost(TestEngines.Sqlite, null, services => services.AddSingleton<TimeProvider>(clock));
        var flow = new RegistrationFlow(host);
        await flow.CompleteAsync();
        var tokens = await LoginTests.SignInAsync(flow, flow.Email);
        using var client = LoginTests.Authorized(host, tokens);

        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(20));
        var withinSkew = await client.GetAsync("/api/v1/user/profile/my_profile");
        clock.Advance(TimeSpan.FromSeconds(20));
        var expired = await client.GetAsync("/api/v1/user/profile/my_profile");

        Assert.Equal(HttpStatusCode.OK, withinSkew.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        // Why the token failed (it expired at ...) is not the caller's business: only invalid_token.
        Assert.Equal("Bearer error=\"invalid_token\"", string.Join(", ", expired.Headers.GetValues("WWW-Authenticate")));
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/user/profile/my_profile");
        forged.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl");
        Assert.Equal("Bearer error=\"invalid_token\"", string.Join(", ", (await flow.Client.SendAsync(forged)).Headers.GetValues("WWW-Authenticate")));
        Assert.Equal("Bearer", string.Join(", ", (await flow.Client.GetAsync("/api/v1/user/profile/my_profile")).Headers.GetValues("WWW-Authenticate")));

        var refresh = tokens.GetProperty("refresh").GetString();
        for (var day = 1; day <= 6; day++)
        {
            clock.Advance(TimeSpan.FromDays(1));
            var rotated = await flow.Client.PostJsonAsync("/api/v1/auth/token/refresh", new { refresh });
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            refresh = (await rotated.JsonAsync()).GetProperty("refresh").GetString();
        }
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.Client.PostJsonAsync("/api/v1/auth/token/refresh", new { refresh })).StatusCode);
    }
}
