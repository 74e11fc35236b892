using CredbuzzPay.Api.Platform.Jobs;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Privacy;

/// <summary>The retention table's short-lived kinds, enforced by the cleanup job with the configured periods.</summary>
public sealed class RetentionTests
{
    [Theory, EngineData]
    public async Task CleanupJob_DeletesSignInAttemptsOnlyAfterTheConfiguredPeriod(string engine)
    {
        var clock = new FakeTimeProvider(InterestTests.At(2026, 12, 1, 10));
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Retention:LoginActivityDays"] = "200" }, s => s.AddSingleton<TimeProvider>(clock));
        var person = await KycFlow.StartAsync(host);
        var attempts = Count(host, person.UserCode);
        Assert.True(attempts >= 1);

        clock.Advance(TimeSpan.FromDays(199));
        await CleanAsync(host, clock, "login activity");
        Assert.Equal(attempts, Count(host, person.UserCode));

        // Sign-in attempts are a kind of their own: the sessions task leaves them, and the login-activity task's count is theirs alone.
        clock.Advance(TimeSpan.FromDays(2));
        await CleanAsync(host, clock, "sessions");
        Assert.Equal(attempts, Count(host, person.UserCode));
        var everyone = long.Parse(KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM login_activity")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(everyone, await CleanAsync(host, clock, "login activity"));
        Assert.Equal(0, Count(host, person.UserCode));
    }

    private static async Task<int> CleanAsync(ApiHost host, TimeProvider clock, string task)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetServices<ICleanupTask>().Single(t => t.Name == task).CleanAsync(clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    private static long Count(ApiHost host, string userCode) => long.Parse(KycFlowTests.Scalar(host,
        $"SELECT COUNT(*) FROM login_activity WHERE user_id = (SELECT id FROM users WHERE user_code = '{userCode}')")!, System.Globalization.CultureInfo.InvariantCulture);
}
