namespace CredbuzzPay.Api.Modules.Audit.Contracts;

/// <summary>An audit row about a user with its detail (JSON), for another module's rules (fraud detection's credential changes).</summary>
public sealed record AuditDetailView(string Action, DateTime OccurredAt, string? Detail);

/// <summary>One audit row as another module may show it to the person it is about.</summary>
public sealed record AuditEntryView(string Action, string? TargetType, string? TargetId, string? IpAddress, DateTime OccurredAt);

/// <summary>Read access to the audit trail for other modules (a user's own recent actions).</summary>
public interface IAuditReader
{
    Task<IReadOnlyList<AuditEntryView>> RecentByActorAsync(string actor, int limit, CancellationToken cancellationToken = default);

    /// <summary>Rows about user <paramref name="userCode"/> (target) with one of <paramref name="actions"/> at or after <paramref name="since"/>, newest first, with their detail.</summary>
    Task<IReadOnlyList<AuditDetailView>> AboutUserAsync(Platform.Database.AppDb db, string userCode, IReadOnlyCollection<string> actions, DateTime since, CancellationToken cancellationToken = default);
}
