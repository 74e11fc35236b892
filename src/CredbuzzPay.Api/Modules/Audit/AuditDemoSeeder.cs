using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Audit;

/// <summary>
/// Demo audit rows appended to the real chain (each hashed like any other row, so verify-audit stays
/// green), by the demo users, over the last 90 days in sequence order, inside one transaction that
/// holds the chain head like a normal append.
/// </summary>
internal sealed class AuditDemoSeeder : IDemoSeeder
{
    private const int Batch = 20_000;
    private static readonly string[] Actions =
        ["login.succeeded", "login.failed", "user.updated", "password.changed", "kyc.submitted", "kyc.approved", "registration.initiated", "user.registered", "session.revoked", "user.blocked", "logout"];

    private readonly AuditChain _chain;

    public AuditDemoSeeder(AuditChain chain) => _chain = chain;

    public int Order => 30;

    public async Task<string> SeedAsync(AppDb db, DemoSeedContext context, CancellationToken cancellationToken)
    {
        if (context.AuditRows == 0 || context.SeededUsers.Count == 0)
        {
            return "audit: nothing to add";
        }
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var head = await AuditTrail.LockHeadAsync(db, cancellationToken);
        var sequence = head.LastSequence;
        var previous = head.LastHash;
        var span = TimeSpan.FromDays(90).TotalMilliseconds;
        var start = context.Now.AddDays(-90);
        var rows = new List<AuditRecord>(Batch);
        for (var i = 0; i < context.AuditRows; i++)
        {
            var user = context.SeededUsers[DemoSeedContext.Pick(context.SeededUsers.Count)];
            var action = Actions[i % Actions.Length];
            var at = AuditChain.Truncate(start.AddMilliseconds(span * i / context.AuditRows));
            var row = new AuditRecord
            {
                Id = Guid.CreateVersion7(at),
                Sequence = ++sequence,
                OccurredAt = at,
                Actor = user.UserCode,
                Action = action,
                TargetType = "user",
                TargetId = user.UserCode,
                IpAddress = $"10.{i % 250}.{(i / 250) % 250}.{DemoSeedContext.Pick(250) + 1}",
                BranchCode = user.BranchCode.Length == 0 ? null : user.BranchCode,
                Detail = action == "kyc.submitted" ? "{\"section\":\"pan\"}" : null,
                PrevHash = previous,
            };
            row.Hash = _chain.HashOf(row);
            previous = row.Hash;
            rows.Add(row);
            if (rows.Count == Batch)
            {
                await db.BulkCopyAsync(new BulkCopyOptions { MaxBatchSize = 5000 }, rows, cancellationToken);
                rows.Clear();
            }
        }
        if (rows.Count > 0)
        {
            await db.BulkCopyAsync(new BulkCopyOptions { MaxBatchSize = 5000 }, rows, cancellationToken);
        }
        await db.GetTable<AuditChainHead>().Where(h => h.Id == AuditChainHead.SingletonId && h.LastSequence == head.LastSequence)
            .Set(h => h.LastSequence, sequence).Set(h => h.LastHash, previous).UpdateAsync(cancellationToken);
        await AuditCounters.RebuildAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return $"audit: {context.AuditRows} rows appended to the chain (now at sequence {sequence})";
    }
}
