using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Approvals;

/// <summary>A maker-checker request as staff see it.</summary>
public sealed record ApprovalView(
    string ApprovalId,
    string Action,
    string Status,
    string? TransactionType,
    string? Direction,
    string AccountNumber,
    string? BranchCode,
    string Amount,
    string Reason,
    string MakerUserCode,
    string? CheckerUserCode,
    string? DecisionReason,
    string? TransactionId,
    string? ReversesTransactionId,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    DateTime? DecidedAt);

internal static class ApprovalViews
{
    public static async Task<List<ApprovalView>> BuildAsync(AppDb db, IReadOnlyList<ApprovalRequest> requests, CancellationToken cancellationToken)
    {
        var accountIds = requests.Select(r => r.AccountId).Distinct().ToArray();
        var entryIds = requests.SelectMany(r => new[] { r.EntryId, r.TargetEntryId }).Where(id => id is not null).Select(id => id!.Value).Distinct().ToArray();
        var numbers = await db.GetTable<LedgerAccount>().Where(a => accountIds.Contains(a.Id)).Select(a => new { a.Id, a.AccountNumber }).ToDictionaryAsync(a => a.Id, a => a.AccountNumber, cancellationToken);
        var transactions = await db.GetTable<JournalEntry>().Where(e => entryIds.Contains(e.Id)).Select(e => new { e.Id, e.TransactionId }).ToDictionaryAsync(e => e.Id, e => e.TransactionId, cancellationToken);
        return requests.Select(r => new ApprovalView(
            r.ApprovalId, r.Action, r.Status, r.TransactionType, r.Direction, numbers.GetValueOrDefault(r.AccountId) ?? "", r.BranchCode, Money.Format(r.AmountPaise), r.Reason,
            r.MakerCode, r.CheckerCode, r.DecisionReason,
            r.EntryId is { } entry ? transactions.GetValueOrDefault(entry) : null,
            r.TargetEntryId is { } target ? transactions.GetValueOrDefault(target) : null,
            r.CreatedAt, r.ExpiresAt, r.DecidedAt)).ToList();
    }
}
