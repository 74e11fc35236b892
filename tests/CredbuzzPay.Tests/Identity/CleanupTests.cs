using System.Globalization;
using CredbuzzPay.Api.Platform.Jobs;
using CredbuzzPay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Identity;

public sealed class CleanupTests
{
    [Theory, EngineData]
    public async Task ExpiredCodesRegistrationsLoginsAndSessions_AreRemovedOnlyOnceTheyCannotMatter(string engine)
    {
        // A database of its own, because the test counts rows; the scheduler runs (codes reach the pickup file through it).
        await using var host = new ApiHost(engine);
        var flow = new RegistrationFlow(host);
        await flow.CompleteAsync();
        var abandoned = new RegistrationFlow(host);
        await abandoned.InitiateAsync();
        var tokens = await LoginTests.SignInAsync(flow, flow.Email);
        using (var client = LoginTests.Authorized(host, tokens))
        {
            await client.PostAsync("/api/v1/auth/logout", null);
        }
        var tasks = host.Services.GetServices<ICleanupTask>().ToDictionary(t => t.Name);
        var before = Counts(host);

        var soon = await tasks["otp"].CleanAsync(DateTime.UtcNow.AddHours(1), CancellationToken.None)
            + await tasks["sessions"].CleanAsync(DateTime.UtcNow.AddHours(1), CancellationToken.None);
        Assert.Equal(0, soon);
        Assert.Equal(before, Counts(host));

        await tasks["otp"].CleanAsync(DateTime.UtcNow.AddDays(2), CancellationToken.None);
        await tasks["sessions"].CleanAsync(DateTime.UtcNow.AddDays(2), CancellationToken.None);
        var afterTwoDays = Counts(host);
        Assert.Equal(0L, afterTwoDays["otp_challenges"]);
        Assert.Equal(0L, afterTwoDays["otp_sends"]);
        Assert.Equal(0L, afterTwoDays["pending_registrations"]);
        Assert.Equal(0L, afterTwoDays["pending_logins"]);
        Assert.Equal(0L, afterTwoDays["refresh_tokens"]);
        Assert.Equal(1L, afterTwoDays["user_sessions"]);
        Assert.Equal(before["users"], afterTwoDays["users"]);

        await tasks["sessions"].CleanAsync(DateTime.UtcNow.AddDays(91), CancellationToken.None);
        Assert.Equal(0L, Counts(host)["user_sessions"]);
    }

    private static Dictionary<string, long> Counts(ApiHost host) =>
        new[] { "otp_challenges", "otp_sends", "pending_registrations", "pending_logins", "refresh_tokens", "user_sessions", "users" }
            .ToDictionary(t => t, t => Convert.ToInt64(host.Database.Scalar($"SELECT COUNT(*) FROM {t}"), CultureInfo.InvariantCulture));
}
