using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Audit;

/// <summary>The audit trail by age (its rows name people and carry masked details).</summary>
internal sealed class AuditInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken)
    {
        return [await DataKindCount.OfAsync("audit_rows", db.GetTable<AuditRecord>(), a => a.OccurredAt, now, cancellationToken)];
    }
}
