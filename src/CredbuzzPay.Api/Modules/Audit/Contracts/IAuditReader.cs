namespace CredbuzzPay.Api.Modules.Audit.Contracts;

/// <summary>One audit row as another module may show it to the person it is about.</summary>
public sealed record AuditEntryView(string Action, string? TargetType, string? TargetId, string? IpAddress, DateTime OccurredAt);

/// <summary>Read access to the audit trail for other modules (a user's own recent actions).</summary>
public interface IAuditReader
{
    Task<IReadOnlyList<AuditEntryView>> RecentByActorAsync(string actor, int limit, CancellationToken cancellationToken = default);
}
