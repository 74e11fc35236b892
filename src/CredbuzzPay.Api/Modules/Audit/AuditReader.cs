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

    public async Task<IReadOnlyList<AuditDetailView>> AboutUserAsync(AppDb db, string userCode, IReadOnlyCollection<string> actions, DateTime since,
        CancellationToken cancellationToken = default) =>
        await db.GetTable<AuditRecord>()
            .Where(r => r.TargetType == "user" && r.TargetId == userCode && actions.Contains(r.Action) && Instants.AtOrAfter(r.OccurredAt, since))
            .OrderByDescending(r => r.OccurredAt)
            .Take(50)
            .Select(r => new AuditDetailView(r.Action, r.OccurredAt, r.Detail))
            .ToListAsync(cancellationToken);
}
