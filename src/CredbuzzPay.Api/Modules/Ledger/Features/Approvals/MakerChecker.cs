using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Ledger.Features.Operations;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Approvals;

/// <summary>
/// Maker-checker: a staff movement at or above the threshold, every adjustment and every reversal is kept
/// as a request and moves money only when a second staff member approves it: not the maker, at or above
/// the maker's level, with the account in their reach, before the request expires. The approval and the
/// movement are one ledger transaction (the request's PENDING_APPROVAL → APPROVED step is guarded, so it
/// moves money once); a refused movement (insufficient funds, a frozen account) leaves the request pending.
/// </summary>
internal sealed class MakerChecker
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly ILedger _ledger;
    private readonly Tariff _tariff;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;

    public MakerChecker(ILedger ledger, Tariff tariff, IAuditTrail audit, TimeProvider clock)
    {
        _ledger = ledger;
        _tariff = tariff;
        _audit = audit;
        _clock = clock;
    }

    public bool NeedsApproval(StaffOrder order) => order.Type == EntryTypes.Adjustment || order.AmountPaise >= _tariff.ApprovalThresholdPaise;

    /// <summary>Keeps a movement for a second staff member.</summary>
    public Task<ApprovalRequest> RequestMovementAsync(AppDb db, UserSummary maker, LedgerAccountInfo account, StaffOrder order, CancellationToken cancellationToken) =>
        RequestAsync(db, maker, account, ApprovalRequest.Movement, order.Type, order.Direction, order.AmountPaise, null, order.Reason, cancellationToken);

    /// <summary>Keeps a reversal for a second staff member.</summary>
    public Task<ApprovalRequest> RequestReversalAsync(AppDb db, UserSummary maker, LedgerAccountInfo account, JournalEntry entry, string reason, CancellationToken cancellationToken) =>
        RequestAsync(db, maker, account, ApprovalRequest.Reversal, entry.EntryType, null, entry.AmountPaise, entry.Id, reason, cancellationToken);

    private async Task<ApprovalRequest> RequestAsync(AppDb db, UserSummary maker, LedgerAccountInfo account, string action, string type, string? direction, long amount, Guid? target,
        string reason, CancellationToken cancellationToken)
    {
        var now = Now;
        var request = new ApprovalRequest
        {
            Id = Guid.CreateVersion7(now), ApprovalId = "APR" + RandomNumberGenerator.GetString(Alphabet, 10), Action = action, Status = ApprovalRequest.Pending,
            AccountId = account.Id, BranchCode = account.BranchCode, AmountPaise = amount, TransactionType = type, Direction = direction, TargetEntryId = target,
            Reason = reason, MakerId = maker.Id, MakerCode = maker.UserCode, MakerRole = maker.Role, CreatedAt = now, ExpiresAt = now + _tariff.ApprovalLifetime,
        };
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(request, token: cancellationToken);
        await _audit.RecordAsync(db, new AuditEvent("ledger.approval_requested", "approval", request.ApprovalId, new
        {
            action, type, direction, amount = Money.Format(amount), account = AccountNumbers.Masked(account.AccountNumber), reason,
        }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return request;
    }

    /// <summary>Approves and moves the money; answers the request as decided.</summary>
    public async Task<ApprovalRequest> ApproveAsync(AppDb db, UserSummary checker, string approvalId, CancellationToken cancellationToken)
    {
        var request = await OpenRequestAsync(db, checker, approvalId, cancellationToken);
        if (request.MakerId == checker.Id)
        {
            throw Refused("maker_cannot_approve", "The maker of a request cannot approve it; a second staff member must.");
        }
        if (Hierarchy.Rank(checker.Role) < Hierarchy.Rank(request.MakerRole))
        {
            throw Refused("approver_below_maker", $"A request made by a {request.MakerRole} is approved by someone at that level or above.");
        }
        var now = Now;
        await _ledger.RunAsync(db, async books =>
        {
            var decided = await books.Db.GetTable<ApprovalRequest>()
                .Where(r => r.Id == request.Id && r.Status == ApprovalRequest.Pending && Instants.After(r.ExpiresAt, now))
                .Set(r => r.Status, ApprovalRequest.Approved).Set(r => r.CheckerId, checker.Id).Set(r => r.CheckerCode, checker.UserCode).Set(r => r.DecidedAt, now)
                .UpdateAsync();
            if (decided != 1)
            {
                throw NotPending();
            }
            var entryId = await ExecuteAsync(books, request, checker, cancellationToken);
            await books.Db.GetTable<ApprovalRequest>().Where(r => r.Id == request.Id).Set(r => r.EntryId, entryId).UpdateAsync();
            await _audit.RecordAsync(books.Db, new AuditEvent("ledger.approval_approved", "approval", request.ApprovalId, new { maker = request.MakerCode, action = request.Action }),
                cancellationToken);
            return entryId;
        }, cancellationToken);
        return await db.GetTable<ApprovalRequest>().FirstAsync(r => r.Id == request.Id, CancellationToken.None);
    }

    /// <summary>Rejects (nothing moves). The maker may withdraw their own request; anyone else needs the approver's standing.</summary>
    public async Task<ApprovalRequest> RejectAsync(AppDb db, UserSummary checker, string approvalId, string reason, CancellationToken cancellationToken)
    {
        var request = await OpenRequestAsync(db, checker, approvalId, cancellationToken);
        if (request.MakerId != checker.Id && Hierarchy.Rank(checker.Role) < Hierarchy.Rank(request.MakerRole))
        {
            throw Refused("approver_below_maker", $"A request made by a {request.MakerRole} is decided by someone at that level or above.");
        }
        var now = Now;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var decided = await db.GetTable<ApprovalRequest>().Where(r => r.Id == request.Id && r.Status == ApprovalRequest.Pending)
            .Set(r => r.Status, ApprovalRequest.Rejected).Set(r => r.CheckerId, checker.Id).Set(r => r.CheckerCode, checker.UserCode)
            .Set(r => r.DecisionReason, reason).Set(r => r.DecidedAt, now).UpdateAsync(cancellationToken);
        if (decided != 1)
        {
            throw NotPending();
        }
        await _audit.RecordAsync(db, new AuditEvent("ledger.approval_rejected", "approval", request.ApprovalId, new { maker = request.MakerCode, reason }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await db.GetTable<ApprovalRequest>().FirstAsync(r => r.Id == request.Id, CancellationToken.None);
    }

    /// <summary>Open requests past their time become EXPIRED (the cleanup job; an approval attempt on one is refused anyway).</summary>
    public static Task<int> ExpireAsync(AppDb db, DateTime now, CancellationToken cancellationToken) =>
        db.GetTable<ApprovalRequest>().Where(r => r.Status == ApprovalRequest.Pending && Instants.AtOrBefore(r.ExpiresAt, now))
            .Set(r => r.Status, ApprovalRequest.Expired).Set(r => r.DecidedAt, now).UpdateAsync(cancellationToken);

    private async Task<Guid> ExecuteAsync(ILedgerTransaction books, ApprovalRequest request, UserSummary checker, CancellationToken cancellationToken)
    {
        if (request.Action == ApprovalRequest.Reversal)
        {
            var reversed = await books.ReverseAsync(request.TargetEntryId!.Value, request.Reason, request.MakerCode);
            return reversed?.EntryId ?? throw new ApiProblemException(StatusCodes.Status409Conflict, "Already reversed",
                "The transaction was reversed already (a transaction is reversed at most once).", code: LedgerRefusals.AlreadyReversed);
        }
        var account = await books.Db.GetTable<LedgerAccount>().Where(a => a.Id == request.AccountId).Select(Journal.Info).FirstAsync(cancellationToken);
        var draft = await StaffMovement.DraftAsync(_ledger, books.Db, account, request.TransactionType!, request.Direction, request.AmountPaise, request.Reason,
            request.MakerCode, cancellationToken);
        return (await books.PostAsync(draft with { Description = $"{request.Reason} (approved by {checker.UserCode})" })).EntryId;
    }

    /// <summary>A PENDING_APPROVAL request in the caller's reach; an expired one is marked so and refused.</summary>
    private async Task<ApprovalRequest> OpenRequestAsync(AppDb db, UserSummary staff, string approvalId, CancellationToken cancellationToken)
    {
        var id = approvalId.Trim().ToUpperInvariant();
        var request = await db.GetTable<ApprovalRequest>().FirstOrDefaultAsync(r => r.ApprovalId == id, cancellationToken);
        if (request is null || !Admin.AdminAccountEndpoints.InReach(staff, request.BranchCode))
        {
            throw ApiProblemException.NotFound("No such approval request in your reach.");
        }
        if (request.Status == ApprovalRequest.Pending && request.ExpiresAt <= Now)
        {
            await ExpireAsync(db, Now, cancellationToken);
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Expired", "The request expired unapproved; make a new one if it is still needed.", code: "approval_expired");
        }
        return request.Status == ApprovalRequest.Pending ? request : throw NotPending();
    }

    private static ApiProblemException NotPending() =>
        new(StatusCodes.Status409Conflict, "Not pending", "The request was decided already (approved, rejected or expired).", code: "approval_not_pending");

    private static ApiProblemException Refused(string code, string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail, code: code);

    private DateTime Now => JournalTransaction.StoredNow(_clock);
}
