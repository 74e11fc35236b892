using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CredbuzzPay.Tests.Infrastructure;
using Isopoh.Cryptography.Argon2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Identity;

public sealed class ProfileAndOtpEndpointTests
{
    [Theory, EngineData]
    public async Task UpdateProfile_ChangesNamesAndAnEncryptedAddress_AndRefusesEmailChanges(string engine)
    {
        var host = ApiHost.For(engine);
        var flow = new RegistrationFlow(host);
        var userCode = await flow.CompleteAsync();
        using var client = LoginTests.Authorized(host, await LoginTests.SignInAsync(flow, flow.Email));

        var update = await client.PutAsJsonAsync("/api/v1/user/profile/update_profile", new { first_name = "Asha", last_name = "Iyer", address = "12 Marine Drive", city = "Mumbai", state = "Maharashtra", pincode = "400001" });
        var emailChange = await client.PutAsJsonAsync("/api/v1/user/profile/update_profile", new { email = "other@example.com" });
        var badPincode = await client.PutAsJsonAsync("/api/v1/user/profile/update_profile", new { pincode = "012345" });
        var profile = await (await client.GetAsync("/api/v1/user/profile/my_profile")).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(["address", "city", "last_name", "pincode", "state"], (await update.JsonAsync()).GetProperty("updated_fields").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.True((await RegistrationFlow.ProblemAsync(emailChange, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("email", out _));
        Assert.True((await RegistrationFlow.ProblemAsync(badPincode, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("pincode", out _));
        Assert.Equal("Iyer", profile.GetProperty("last_name").GetString());
        Assert.Equal("Mumbai", profile.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal(flow.Email, profile.GetProperty("email").GetString());

        using var connection = host.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT address_encrypted FROM users WHERE user_code = '{userCode}'";
        var raw = Encoding.UTF8.GetString((byte[])command.ExecuteScalar()!);
        Assert.DoesNotContain("Mumbai", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Marine", raw, StringComparison.Ordinal);

        var activity = await (await client.GetAsync("/api/v1/user/profile/get_activity")).JsonAsync();
        Assert.Equal(1, activity.GetProperty("active_sessions").GetInt32());
        var actions = activity.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Contains("profile.updated", actions);
        Assert.Contains("login.succeeded", actions);
    }

    [Fact]
    public async Task StandaloneOtpEndpoints_VerifyRegistrationCodes_AndResendASignInCode()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ApiHost(TestEngines.Sqlite, null, services => services.AddSingleton<TimeProvider>(clock));
        var flow = new RegistrationFlow(host);
        await flow.InitiateAsync();

        var emailOk = await flow.Client.PostJsonAsync("/api/v1/otp/verify_otp", new { request_id = flow.RequestId, otp = await flow.CodeAsync("email"), purpose = "registration", channel = "email" });
        var loginPurpose = await flow.Client.PostJsonAsync("/api/v1/otp/verify_otp", new { request_id = flow.RequestId, otp = "123456", purpose = "login", channel = "email" });
        Assert.Equal(HttpStatusCode.OK, emailOk.StatusCode);
        Assert.True((await emailOk.JsonAsync()).GetProperty("verified").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, loginPurpose.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await flow.VerifyAsync("mobile", await flow.CodeAsync("mobile"))).StatusCode);

        var login = await (await LoginTests.LoginAsync(flow, flow.Email, RegistrationFlow.Password)).JsonAsync();
        var requestId = login.GetProperty("request_id").GetString();
        var firstCode = await flow.CodeAsync("mobile", 2);
        var early = await flow.Client.PostJsonAsync("/api/v1/otp/resend_otp", new { request_id = requestId });
        clock.Advance(TimeSpan.FromSeconds(31));
        var resent = await flow.Client.PostJsonAsync("/api/v1/otp/resend_otp", new { request_id = requestId });
        var secondCode = await flow.CodeAsync("mobile", 3);

        Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        if (secondCode != firstCode)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await flow.Client.PostJsonAsync("/api/v1/auth/verify_login_otp", new { request_id = requestId, otp = firstCode })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await flow.Client.PostJsonAsync("/api/v1/auth/verify_login_otp", new { request_id = requestId, otp = secondCode })).StatusCode);
    }

    [Fact]
    public async Task HashWithOlderParameters_IsUpgradedAtTheNextLogin_AndFailuresAreAudited()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var flow = new RegistrationFlow(host);
        var userCode = await flow.CompleteAsync();
        var old = new Argon2Config
        {
            Type = Argon2Type.HybridAddressing, Version = Argon2Version.Nineteen, TimeCost = 1, MemoryCost = 8192, Lanes = 1, Threads = 1,
            Password = Encoding.UTF8.GetBytes(RegistrationFlow.Password), Salt = RandomNumberGenerator.GetBytes(16), HashLength = 32,
        };
        using (var argon2 = new Argon2(old))
        using (var hash = argon2.Hash())
        {
            host.Database.Execute($"UPDATE users SET password_hash = '{old.EncodeString(hash.Buffer)}' WHERE user_code = '{userCode}'");
        }

        var failed = await LoginTests.LoginAsync(flow, flow.Email, "Wrong-Pass#123");
        var accepted = await LoginTests.LoginAsync(flow, flow.Email, RegistrationFlow.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", (string)host.Database.Scalar($"SELECT password_hash FROM users WHERE user_code = '{userCode}'")!, StringComparison.Ordinal);
        Assert.Equal(1L, Convert.ToInt64(host.Database.Scalar($"SELECT COUNT(*) FROM audit_trail WHERE action = 'login.failed' AND target_id = '{userCode}'"), CultureInfo.InvariantCulture));
    }
}
