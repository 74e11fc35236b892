using System.Text.Json.Serialization;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Transactions;

/// <summary>One side of a transaction: the number always, the balance only to its owner (and staff).</summary>
public sealed record AccountSide(string AccountNumber, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Balance);

/// <summary>An outside payee, number masked.</summary>
public sealed record PayeeView(string Name, string AccountNumber, string Ifsc);

/// <summary>Seed 001's transaction.</summary>
public sealed record TransactionView(
    Guid Id,
    string TransactionId,
    string TransactionType,
    string Amount,
    string Fee,
    string Status,
    AccountSide? FromAccount,
    AccountSide? ToAccount,
    string? Description,
    DateTime TransactionDate,
    DateTime? ProcessedDate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PayeeView? Payee = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FailureReason = null);

internal static class TransactionViews
{
    /// <summary>
    /// Views of <paramref name="entries"/> as <paramref name="viewerId"/> may see them: the bank's own
    /// accounts do not appear, a balance is the one the entry left (or, before it posted, the balance now),
    /// and only on accounts the viewer owns unless <paramref name="staff"/>.
    /// </summary>
    public static async Task<List<TransactionView>> BuildAsync(AppDb db, IReadOnlyList<JournalEntry> entries, Guid viewerId, bool staff, CancellationToken cancellationToken)
    {
        var accountIds = entries.SelectMany(e => new[] { e.FromAccountId, e.ToAccountId }).Where(id => id is not null).Select(id => id!.Value).Distinct().ToArray();
        var entryIds = entries.Select(e => e.Id).ToArray();
        var accounts = await db.GetTable<LedgerAccount>().Where(a => accountIds.Contains(a.Id))
            .Select(a => new { a.Id, a.AccountNumber, a.OwnerId, a.SystemCode, a.BalancePaise }).ToDictionaryAsync(a => a.Id, cancellationToken);
        var postings = (await db.GetTable<Posting>().Where(p => entryIds.Contains(p.EntryId))
            .Select(p => new { p.EntryId, p.AccountId, p.BalanceAfterPaise }).ToListAsync(cancellationToken))
            .ToDictionary(p => (p.EntryId, p.AccountId), p => p.BalanceAfterPaise);

        AccountSide? Side(JournalEntry entry, Guid? id)
        {
            if (id is null || !accounts.TryGetValue(id.Value, out var account) || account.SystemCode is not null)
            {
                return null;
            }
            string? balance = null;
            if (staff || account.OwnerId == viewerId)
            {
                balance = Money.Format(postings.TryGetValue((entry.Id, account.Id), out var after) ? after : account.BalancePaise);
            }
            return new AccountSide(account.AccountNumber, balance);
        }

        return entries.Select(e => new TransactionView(e.Id, e.TransactionId, e.EntryType, Money.Format(e.AmountPaise), Money.Format(e.FeePaise), e.Status,
            Side(e, e.FromAccountId), Side(e, e.ToAccountId), e.Description, e.CreatedAt, e.ProcessedAt,
            e.PayeeName is null ? null : new PayeeView(e.PayeeName, e.PayeeAccountMasked ?? "", e.PayeeIfsc ?? ""), e.FailureReason)).ToList();
    }
}
