using CredbuzzPay.Api.Modules.Fraud.Contracts;
using CredbuzzPay.Api.Modules.Fraud.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Fraud;

/// <summary>Seed 001's risk_profile from a user's open alerts (OPEN or INVESTIGATING): HIGH with a HIGH or CRITICAL one or three or more, MEDIUM with any, LOW with none.</summary>
internal sealed class RiskProfiles : IRiskProfiles
{
    public async Task<string> ProfileAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default)
    {
        var open = await db.GetTable<FraudAlert>()
            .Where(a => a.UserId == userId && (a.Status == FraudAlertStatuses.Open || a.Status == FraudAlertStatuses.Investigating))
            .Select(a => a.Severity).ToListAsync(cancellationToken);
        return open.Count == 0 ? "LOW" : open.Count >= 3 || open.Any(s => s is "HIGH" or "CRITICAL") ? "HIGH" : "MEDIUM";
    }
}
