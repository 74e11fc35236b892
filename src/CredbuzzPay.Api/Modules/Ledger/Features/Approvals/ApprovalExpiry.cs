using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Approvals;

/// <summary>Marks maker-checker requests nobody decided within <c>Ledger:ApprovalHours</c> EXPIRED (the hourly cleanup).</summary>
internal sealed class ApprovalExpiry : ICleanupTask
{
    private readonly AppDbFactory _factory;

    public ApprovalExpiry(AppDbFactory factory) => _factory = factory;

    public string Name => "ledger approvals";

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        return await MakerChecker.ExpireAsync(db, now, cancellationToken);
    }
}
