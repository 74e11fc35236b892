using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Loans;

/// <summary>
/// The loans module's part in an erasure: a loan not yet closed (active, or written off and still owed) or an application still awaiting a
/// decision refuses it. Closed loans, their schedules and repayments are credit records kept for five years after the relationship ends
/// (PMLA s. 12; RBI's KYC Master Direction s. 46); the retention job then clears the applications' free-text purpose.
/// </summary>
internal sealed class LoansErasure : IErasureParticipant
{
    public async Task<ErasureBlock?> BlockAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var open = await db.GetTable<LoanRow>().Where(l => l.UserId == userId && l.Status != LoanRow.Closed).Select(l => l.LoanId).ToListAsync(cancellationToken);
        if (open.Count > 0)
        {
            return new ErasureBlock("loan_open", $"Loan {string.Join(", ", open)} is not closed: a loan must be repaid in full (or foreclosed) before your data can be erased.", Refuses: true);
        }
        var waiting = await db.GetTable<ApplicationRow>()
            .Where(a => a.UserId == userId && (a.Status == ApplicationRow.Submitted || a.Status == ApplicationRow.Recommended || a.Status == ApplicationRow.Approved))
            .Select(a => a.ApplicationId).ToListAsync(cancellationToken);
        return waiting.Count > 0
            ? new ErasureBlock("loan_open", $"Loan application {string.Join(", ", waiting)} awaits a decision or disbursement; ask your branch to reject it first.", Refuses: true)
            : null;
    }

    public async Task<DateTime?> RelationshipEndAsync(AppDb db, Guid userId, CancellationToken cancellationToken) =>
        await db.GetTable<LoanRow>().Where(l => l.UserId == userId).MaxAsync(l => l.ClosedAt, cancellationToken);

    public async Task<IReadOnlyList<ErasureLine>> EraseAsync(AppDb db, ErasureSubject subject, CancellationToken cancellationToken) =>
        await db.GetTable<ApplicationRow>().AnyAsync(a => a.UserId == subject.UserId, cancellationToken)
            ?
            [
                new("Your loan applications, loans, schedules and repayments", ErasureActions.Retained,
                    "Credit records are kept for five years after the relationship ends (PMLA s. 12; RBI KYC Master Direction s. 46), used for nothing but compliance, then purged.",
                    UntilRetentionEnds: true),
            ]
            : [];

    public async Task<int> PurgeRetainedAsync(AppDb db, Guid userId, CancellationToken cancellationToken) =>
        await db.GetTable<ApplicationRow>().Where(a => a.UserId == userId && a.Purpose != "").Set(a => a.Purpose, "").UpdateAsync(cancellationToken);
}
