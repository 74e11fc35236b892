using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Audit.Features.VerifyChain;

/// <summary>The outcome of walking the chain: how many rows held, and the first that did not.</summary>
public sealed record AuditChainReport(bool Intact, long RowsChecked, long? FirstBrokenSequence, string? Problem);

/// <summary>
/// Walks the audit trail in sequence order, in pages so memory stays flat, and recomputes every
/// link: sequence without gaps, each row pointing at its predecessor's hash, each hash matching
/// the row, and the head matching the last row.
/// </summary>
internal sealed class AuditChainVerifier
{
    private const int PageSize = 2000;
    private readonly AppDbFactory _factory;
    private readonly AuditChain _chain;

    public AuditChainVerifier(AppDbFactory factory, AuditChain chain)
    {
        _factory = factory;
        _chain = chain;
    }

    public async Task<AuditChainReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _factory.Create();
        var expectedSequence = 1L;
        var previousHash = AuditChain.Genesis;
        while (true)
        {
            var from = expectedSequence;
            var page = await db.GetTable<AuditRecord>()
                .Where(r => r.Sequence >= from)
                .OrderBy(r => r.Sequence)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var row in page)
            {
                var problem = row.Sequence != expectedSequence ? $"sequence {expectedSequence} is missing"
                    : row.PrevHash != previousHash ? "it does not point at the previous row's hash"
                    : _chain.HashOf(row) != row.Hash ? "its content does not match its hash"
                    : null;
                if (problem is not null)
                {
                    return new AuditChainReport(false, expectedSequence - 1, expectedSequence, $"Row {expectedSequence}: {problem}.");
                }
                previousHash = row.Hash;
                expectedSequence++;
            }
            if (page.Count < PageSize)
            {
                break;
            }
        }
        var head = await db.GetTable<AuditChainHead>().FirstOrDefaultAsync(h => h.Id == AuditChainHead.SingletonId, cancellationToken);
        var checkedRows = expectedSequence - 1;
        if (head is null || head.LastSequence != checkedRows || head.LastHash != previousHash)
        {
            return new AuditChainReport(false, checkedRows, checkedRows + 1,
                $"The chain head records {head?.LastSequence ?? 0} rows but {checkedRows} were found: rows were removed from the end.");
        }
        return new AuditChainReport(true, checkedRows, null, null);
    }
}
