using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredbuzzPay.Api.Platform.Health;

/// <summary>Ready when the database answers a trivial query within the check's time.</summary>
internal sealed class DatabaseHealthCheck : IHealthCheck
{
    private readonly AppDbFactory _factory;

    public DatabaseHealthCheck(AppDbFactory factory) => _factory = factory;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var db = _factory.Create();
            var one = await db.ExecuteAsync<int>("SELECT 1", timeout.Token);
            return one == 1 ? HealthCheckResult.Healthy("reachable") : HealthCheckResult.Unhealthy("unexpected answer");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception text can name the host and user; the check reports only that it failed.
            return HealthCheckResult.Unhealthy("unreachable: " + ex.GetType().Name);
        }
    }
}
