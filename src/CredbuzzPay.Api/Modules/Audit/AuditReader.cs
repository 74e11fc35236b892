using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Audit;

internal sealed class AuditReader : IAuditReader
{
    private readonly AppDb _db;

    public AuditReader(AppDb db) => _db = db;

    public async Task<IReadOnlyList<AuditEntryView>> RecentByActorAsync(string actor, int limit, CancellationToken cancellationToken = default) =>
        await _db.GetTable<AuditRecord>()
            .Where(r => r.Actor == actor)
            .OrderByDescending(r => r.OccurredAt)
            .Take(limit)
            .Select(r => new AuditEntryView(r.Action, r.TargetType, r.TargetId, r.IpAddress, r.OccurredAt))
            .ToListAsync(cancellationToken);
}
