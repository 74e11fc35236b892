using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Ledger.Features.Approvals;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Operations;

/// <summary>What a staff movement or reversal led to: an entry posted now, or a request waiting for approval.</summary>
internal sealed record StaffOutcome(Guid? EntryId, ApprovalRequest? Approval);

/// <summary>Teller movements and reversal requests by staff, within their reach.</summary>
internal sealed class StaffOperations : IStaffMovements
{
    private readonly AppDb _db;
    private readonly ILedger _ledger;
    private readonly MakerChecker _approvals;

    public StaffOperations(AppDb db, ILedger ledger, MakerChecker approvals)
    {
        _db = db;
        _ledger = ledger;
        _approvals = approvals;
    }

    public async Task<StaffOutcome> MoveAsync(UserSummary staff, StaffOrder order, CancellationToken cancellationToken)
    {
        var account = StaffMovement.InReach(staff, await _ledger.FindAsync(_db, order.AccountNumber, cancellationToken));
        // Checked now as well as when it moves: a request for a frozen account or a fixed deposit would only wait to fail.
        var draft = await StaffMovement.DraftAsync(_ledger, _db, account, order.Type, order.Direction, order.AmountPaise, order.Reason, staff.UserCode, cancellationToken);
        if (account.Status != AccountStatuses.Active)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Account not active", "The account is frozen or closed.", code: LedgerRefusals.AccountNotActive);
        }
        if (_approvals.NeedsApproval(order))
        {
            return new StaffOutcome(null, await _approvals.RequestMovementAsync(_db, staff, account, order, cancellationToken));
        }
        var posted = await _ledger.RunAsync(_db, books => books.PostAsync(draft), cancellationToken);
        return new StaffOutcome(posted.EntryId, null);
    }

    public async Task<StaffMovementOutcome> MoveAsync(UserSummary staff, string accountNumber, string entryType, long amountPaise, string reason,
        CancellationToken cancellationToken)
    {
        if (entryType is not (EntryTypes.Deposit or EntryTypes.Withdrawal))
        {
            throw new ArgumentOutOfRangeException(nameof(entryType), "A staff movement through the contract is a DEPOSIT or a WITHDRAWAL.");
        }
        var outcome = await MoveAsync(staff, new StaffOrder(entryType, null, accountNumber, amountPaise, reason), cancellationToken);
        return new StaffMovementOutcome(outcome.EntryId, outcome.Approval?.ApprovalId, outcome.Approval?.Status, outcome.Approval?.ExpiresAt);
    }

    /// <summary>Asks for the reversal of a COMPLETED transaction in reach; refused now if it could not move (see the 422's detail).</summary>
    public async Task<ApprovalRequest> RequestReversalAsync(UserSummary staff, string transactionId, string reason, CancellationToken cancellationToken)
    {
        var entry = await _db.GetTable<JournalEntry>().FirstOrDefaultAsync(e => e.TransactionId == transactionId, cancellationToken);
        var sides = entry is null ? [] : await _db.GetTable<LedgerAccount>()
            .Where(a => (a.Id == entry.FromAccountId || a.Id == entry.ToAccountId) && a.SystemCode == null).Select(Journal.Info).ToListAsync(cancellationToken);
        var account = sides.FirstOrDefault(a => Admin.AdminAccountEndpoints.InReach(staff, a.BranchCode));
        if (entry is null || account is null)
        {
            throw ApiProblemException.NotFound("No such transaction in your reach.");
        }
        if (entry.Status == EntryStatuses.Reversed)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Already reversed", "The transaction was reversed already; a transaction is reversed at most once.",
                code: LedgerRefusals.AlreadyReversed);
        }
        if (entry.EntryType == EntryTypes.Recharge)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Not reversible",
                "A recharge is reversed only by its operator's reversal (the aggregator's callback), which also ends the purchase; staff cannot reverse its entry alone.",
                code: "not_reversible");
        }
        if (EntryTypes.IsLoan(entry.EntryType))
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Not reversible",
                "A loan's disbursement, repayment or write-off is undone only through the loan (its schedule follows its entries); staff cannot reverse the entry alone.",
                code: "not_reversible");
        }
        if (entry.Status != EntryStatuses.Completed || entry.EntryType == EntryTypes.Reversal)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Not reversible",
                "Only a COMPLETED transaction that is not itself a reversal is reversed; a pending one is settled or failed by its provider.", code: "not_reversible");
        }
        if (await _db.GetTable<ApprovalRequest>().AnyAsync(r => r.TargetEntryId == entry.Id && r.Status == ApprovalRequest.Pending, cancellationToken))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Reversal pending", "A reversal of this transaction is already waiting for approval.", code: "reversal_pending");
        }
        await RefuseOverdraftAsync(entry, cancellationToken);
        return await _approvals.RequestReversalAsync(_db, staff, account, entry, reason, cancellationToken);
    }

    /// <summary>A reversal takes back what the entry credited: each credited customer account must still hold it above its floor.</summary>
    private async Task RefuseOverdraftAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        var credited = await (from p in _db.GetTable<Posting>()
                              join a in _db.GetTable<LedgerAccount>() on p.AccountId equals a.Id
                              where p.EntryId == entry.Id && p.AmountPaise > 0 && a.SystemCode == null
                              select new { a.AccountNumber, a.Status, a.BalancePaise, a.HeldPaise, a.FloorPaise, p.AmountPaise }).ToListAsync(cancellationToken);
        foreach (var side in credited)
        {
            if (side.Status != AccountStatuses.Active)
            {
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Account not active",
                    $"The account {AccountNumbers.Masked(side.AccountNumber)} that received the money is frozen or closed; unfreeze it first, or settle the matter outside the books.",
                    code: LedgerRefusals.AccountNotActive);
            }
            if (side.BalancePaise - side.HeldPaise - side.AmountPaise < (side.FloorPaise ?? 0))
            {
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Reversal would overdraw",
                    $"The account {AccountNumbers.Masked(side.AccountNumber)} no longer holds {Money.Format(side.AmountPaise)} above its minimum balance, so the reversal cannot take it back. " +
                    "Recover the money first (a WITHDRAWAL, or a DEBIT ADJUSTMENT the customer agreed to), then ask for the reversal again.",
                    code: "reversal_would_overdraw");
            }
        }
    }
}
