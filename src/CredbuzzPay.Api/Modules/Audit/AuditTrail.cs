using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using CredbuzzPay.Api.Platform.Privacy;
using LinqToDB;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Audit;

internal sealed class AuditTrail : IAuditTrail
{
    private readonly AuditChain _chain;
    private readonly IHttpContextAccessor _http;
    private readonly TimeProvider _clock;

    public AuditTrail(AuditChain chain, IHttpContextAccessor http, TimeProvider clock)
    {
        _chain = chain;
        _http = http;
        _clock = clock;
    }

    public async Task RecordAsync(AppDb db, AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(auditEvent.Action);
        if (db.Transaction is not null)
        {
            await AppendAsync(db, auditEvent, cancellationToken);
            return;
        }
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await AppendAsync(db, auditEvent, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task AppendAsync(AppDb db, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var head = await LockHeadAsync(db, cancellationToken);
        var context = _http.HttpContext;
        var now = AuditChain.Truncate(_clock.GetUtcNow().UtcDateTime);
        var userAgent = context?.Request.Headers.UserAgent.ToString();
        var row = new AuditRecord
        {
            Id = Guid.CreateVersion7(_clock.GetUtcNow()),
            Sequence = head.LastSequence + 1,
            OccurredAt = now,
            Actor = Limit(auditEvent.Actor ?? context?.User.FindFirst(ApiAccessLog.UserCodeClaim)?.Value ?? (context is null ? "system" : "anonymous"), 64)!,
            Action = Limit(auditEvent.Action, 100)!,
            TargetType = Limit(auditEvent.TargetType, 64),
            TargetId = Limit(auditEvent.TargetId, 128),
            IpAddress = context is null ? null : Platform.Http.ClientAddresses.Of(context),
            BranchCode = Limit(context?.User.FindFirst("branch")?.Value is { Length: > 0 } branch ? branch : null, 32),
            UserAgent = Limit(string.IsNullOrEmpty(userAgent) ? null : userAgent, 512),
            CorrelationId = context is null ? null : CorrelationId.Of(context),
            Detail = JsonRedaction.Serialize(auditEvent.Detail),
            PrevHash = head.LastHash,
        };
        row.Hash = _chain.HashOf(row);
        await db.InsertAsync(row, token: cancellationToken);
        await AuditCounters.CountAsync(db, row, cancellationToken);
        var updated = await db.GetTable<AuditChainHead>()
            .Where(h => h.Id == AuditChainHead.SingletonId && h.LastSequence == head.LastSequence)
            .Set(h => h.LastSequence, row.Sequence)
            .Set(h => h.LastHash, row.Hash)
            .UpdateAsync(cancellationToken);
        if (updated != 1)
        {
            throw new InvalidOperationException("The audit chain head moved during an append; the transaction is rolled back.");
        }
    }

    /// <summary>Reads the chain head, locking it on the server engines (call inside the appending transaction).</summary>
    internal static async Task<AuditChainHead> LockHeadAsync(AppDb db, CancellationToken cancellationToken)
    {
        // SQLite transactions hold the database's one write lock already; the others lock the head row.
        var sql = db.Provider == DatabaseProvider.Sqlite
            ? "SELECT id, last_sequence, last_hash FROM audit_chain_head WHERE id = 1"
            : "SELECT id, last_sequence, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE";
        var rows = await db.QueryToListAsync<AuditChainHead>(sql, cancellationToken);
        return rows.Count == 1 ? rows[0] : throw new InvalidOperationException("audit_chain_head is missing; run the migrations.");
    }

    private static string? Limit(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];
}
