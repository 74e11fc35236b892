using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Audit.Features.VerifyChain;

/// <summary>The outcome of walking the chain: how many rows held, the first that did not, and the head (last sequence and hash) when intact.</summary>
public sealed record AuditChainReport(bool Intact, long RowsChecked, long? FirstBrokenSequence, string? Problem, AuditAnchor? Head = null);

/// <summary>
/// A row's sequence and hash, written down outside the database (<c>verify-audit</c> prints the head as
/// <c>sequence:hash</c>). The chain alone cannot show that its newest rows were cut off by someone who
/// also moved the head back; a recorded anchor can, because that row must still be there, unchanged.
/// </summary>
public sealed record AuditAnchor(long Sequence, string Hash)
{
    public override string ToString() => $"{Sequence}:{Hash}";

    public static bool TryParse(string? text, out AuditAnchor? anchor)
    {
        anchor = null;
        var parts = text?.Split(':') ?? [];
        if (parts.Length == 2 && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence) && sequence > 0 &&
            parts[1].Length == 64 && parts[1].All(char.IsAsciiHexDigitLower))
        {
            anchor = new AuditAnchor(sequence, parts[1]);
        }
        return anchor is not null;
    }
}

/// <summary>
/// Walks the audit trail in sequence order, in pages so memory stays flat, and recomputes every
/// link: sequence without gaps, each row pointing at its predecessor's hash, each hash matching
/// the row, the head matching the last row, and (when given) the recorded anchor still in place.
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

    public async Task<AuditChainReport> VerifyAsync(CancellationToken cancellationToken = default) => await VerifyAsync(null, cancellationToken);

    public async Task<AuditChainReport> VerifyAsync(AuditAnchor? anchor, CancellationToken cancellationToken = default)
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
                    : row.Sequence == anchor?.Sequence && !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Text.Encoding.ASCII.GetBytes(row.Hash), System.Text.Encoding.ASCII.GetBytes(anchor.Hash)) ? "it is not the row the recorded anchor names"
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
        if (anchor is not null && anchor.Sequence > checkedRows)
        {
            return new AuditChainReport(false, checkedRows, checkedRows + 1,
                $"The recorded anchor is row {anchor.Sequence} but the chain ends at {checkedRows}: rows were removed from the end and the head moved back.");
        }
        return new AuditChainReport(true, checkedRows, null, null, checkedRows > 0 ? new AuditAnchor(checkedRows, previousHash) : null);
    }
}
