using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Reviews;

/// <summary>Debits held for fraud review longer than <c>Ledger:FraudReviewHours</c> are rejected, their holds released (the hourly cleanup).</summary>
internal sealed class ReviewExpiry : ICleanupTask
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptionsMonitor<LedgerOptions> _options;

    public ReviewExpiry(IServiceScopeFactory scopes, IOptionsMonitor<LedgerOptions> options)
    {
        _scopes = scopes;
        _options = options;
    }

    public string Name => "ledger fraud reviews";

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        return await scope.ServiceProvider.GetRequiredService<FraudReviews>().ExpireAsync(db, now.AddHours(-_options.CurrentValue.FraudReviewHours), cancellationToken);
    }
}
