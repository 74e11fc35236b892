using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Audit;

/// <summary>The audit trail by age (its rows name people and carry masked details).</summary>
internal sealed class AuditInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken)
    {
        var (one, five) = (now.AddYears(-1), now.AddYears(-5));
        var rows = db.GetTable<AuditRecord>();
        return
        [
            new("audit_rows", await rows.LongCountAsync(cancellationToken), await rows.LongCountAsync(a => Instants.Before(a.OccurredAt, one), cancellationToken),
                await rows.LongCountAsync(a => Instants.Before(a.OccurredAt, five), cancellationToken), await rows.MinAsync(a => (DateTime?)a.OccurredAt, cancellationToken)),
        ];
    }
}
