using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Audit.Contracts;

/// <summary>Something that happened, to be kept in the audit trail.</summary>
/// <param name="Action">What happened, as a dotted verb (<c>user.created</c>, <c>login.failed</c>).</param>
/// <param name="TargetType">The kind of thing it happened to (<c>user</c>, <c>branch</c>).</param>
/// <param name="TargetId">That thing's public id (a user code, a branch code).</param>
/// <param name="Detail">Extra facts; serialised to JSON and redacted before it is stored.</param>
/// <param name="Actor">Who did it, when not the caller of the current request (<c>system:cli</c>, a user code).</param>
public sealed record AuditEvent(string Action, string? TargetType = null, string? TargetId = null, object? Detail = null, string? Actor = null);

/// <summary>
/// The append-only, hash-chained audit trail every module writes to. Call it with the connection
/// whose transaction makes the change, so the change and its audit row commit or fail together.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Appends the event inside <paramref name="db"/>'s open transaction (one is opened if there is none).</summary>
    Task RecordAsync(AppDb db, AuditEvent auditEvent, CancellationToken cancellationToken = default);
}
