using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Books;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Modules.Loans.Features.Servicing;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Loans.Features.Staff;

/// <summary>
/// Maker-checker for what staff change on a disbursed loan: a rescheduling (a new term for the outstanding principal) or a write-off (the
/// outstanding principal to loan losses). The maker asks; a second staff member approves: not the maker, at or above the maker's level, with
/// the loan in reach, and a super_admin or above when the outstanding principal is above <c>Loans:SecondApprovalAmount</c>. The approval and
/// the change are one ledger transaction whose PENDING → APPROVED step is guarded, so it happens once.
/// </summary>
internal sealed class LoanRequests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly AppDb _db;
    private readonly ILedger _ledger;
    private readonly LoanBook _book;
    private readonly LoanReader _reader;
    private readonly IAuditTrail _audit;

    public LoanRequests(AppDb db, ILedger ledger, LoanBook book, LoanReader reader, IAuditTrail audit)
    {
        _db = db;
        _ledger = ledger;
        _book = book;
        _reader = reader;
        _audit = audit;
    }

    public async Task<LoanRequestRow> AskAsync(UserSummary maker, string loanId, string action, int? termMonths, string reason, CancellationToken cancellationToken)
    {
        var id = LoanViews.Public(loanId);
        var loan = await _db.GetTable<LoanRow>().FirstOrDefaultAsync(l => l.LoanId == id, cancellationToken);
        if (loan is null || !Hierarchy.Reaches(maker, loan.BranchCode))
        {
            throw ApiProblemException.NotFound("No such loan in your reach.");
        }
        if (loan.Status != LoanRow.Active)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Loan not active", $"The loan is {loan.Status}.", code: "loan_not_active");
        }
        if (await _db.GetTable<LoanRequestRow>().AnyAsync(r => r.LoanId == loan.Id && r.Status == LoanRequestRow.Pending, cancellationToken))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Request pending", "A request on this loan is already waiting for approval.", code: "request_pending");
        }
        var state = await _reader.StateAsync(_db, loan, cancellationToken);
        var now = _book.Terms.Now;
        var request = new LoanRequestRow
        {
            Id = Guid.CreateVersion7(now), RequestId = "LRQ" + RandomNumberGenerator.GetString(Alphabet, 10), LoanId = loan.Id, BranchCode = loan.BranchCode, Action = action,
            TermMonths = termMonths, AmountPaise = state.OutstandingPrincipalPaise, Reason = reason, Status = LoanRequestRow.Pending, MakerId = maker.Id,
            MakerCode = maker.UserCode, MakerRole = maker.Role, CreatedAt = now,
        };
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        await _db.InsertAsync(request, token: cancellationToken);
        await _audit.RecordAsync(_db, new AuditEvent("loans.request_made", "loan_request", request.RequestId, new
        {
            loan = loan.LoanId, action, term_months = termMonths, outstanding = Money.Format(request.AmountPaise), reason,
        }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return request;
    }

    public async Task<LoanRequestRow> ApproveAsync(UserSummary checker, string requestId, CancellationToken cancellationToken)
    {
        var request = await OpenAsync(checker, requestId, cancellationToken);
        if (request.MakerId == checker.Id)
        {
            throw Forbidden("maker_cannot_approve", "You made this request: a second staff member must approve it.");
        }
        if (Hierarchy.Rank(checker.Role) < Hierarchy.Rank(request.MakerRole))
        {
            throw Forbidden("approver_below_maker", $"A request made by a {request.MakerRole} is approved by someone at that level or above.");
        }
        if (request.AmountPaise > _book.Terms.SecondApprovalPaise && !Hierarchy.SeesAllBranches(checker.Role))
        {
            throw Forbidden("super_admin_required", $"A loan with more than {Money.Format(_book.Terms.SecondApprovalPaise)} outstanding is changed with a super_admin's approval.");
        }
        var now = _book.Terms.Now;
        await _ledger.RunAsync(_db, async books =>
        {
            if (await books.Db.GetTable<LoanRequestRow>().Where(r => r.Id == request.Id && r.Status == LoanRequestRow.Pending)
                    .Set(r => r.Status, LoanRequestRow.Approved).Set(r => r.CheckerCode, checker.UserCode).Set(r => r.DecidedAt, now).UpdateAsync(cancellationToken) != 1)
            {
                throw NotPending();
            }
            if (request.Action == LoanRequestRow.WriteOff)
            {
                var entryId = await _book.WriteOffAsync(books, request.LoanId, request.Reason, request.MakerCode, cancellationToken);
                await books.Db.GetTable<LoanRequestRow>().Where(r => r.Id == request.Id).Set(r => r.EntryId, entryId).UpdateAsync(cancellationToken);
            }
            else
            {
                var emi = await _book.RescheduleAsync(books, request.LoanId, request.TermMonths!.Value, cancellationToken);
                await _audit.RecordAsync(books.Db, new AuditEvent("loans.rescheduled", "loan_request", request.RequestId,
                    new { term_months = request.TermMonths, emi = Money.Format(emi) }), cancellationToken);
            }
            await _audit.RecordAsync(books.Db, new AuditEvent("loans.request_approved", "loan_request", request.RequestId, new { maker = request.MakerCode, action = request.Action }),
                cancellationToken);
            return true;
        }, cancellationToken);
        return await _db.GetTable<LoanRequestRow>().FirstAsync(r => r.Id == request.Id, CancellationToken.None);
    }

    public async Task<LoanRequestRow> RejectAsync(UserSummary checker, string requestId, string reason, CancellationToken cancellationToken)
    {
        var request = await OpenAsync(checker, requestId, cancellationToken);
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        if (await _db.GetTable<LoanRequestRow>().Where(r => r.Id == request.Id && r.Status == LoanRequestRow.Pending).Set(r => r.Status, LoanRequestRow.Rejected)
                .Set(r => r.CheckerCode, checker.UserCode).Set(r => r.DecisionReason, reason).Set(r => r.DecidedAt, _book.Terms.Now).UpdateAsync(cancellationToken) != 1)
        {
            throw NotPending();
        }
        await _audit.RecordAsync(_db, new AuditEvent("loans.request_rejected", "loan_request", request.RequestId, new { reason }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await _db.GetTable<LoanRequestRow>().FirstAsync(r => r.Id == request.Id, CancellationToken.None);
    }

    private async Task<LoanRequestRow> OpenAsync(UserSummary staff, string requestId, CancellationToken cancellationToken)
    {
        var id = LoanViews.Public(requestId);
        var request = await _db.GetTable<LoanRequestRow>().FirstOrDefaultAsync(r => r.RequestId == id, cancellationToken);
        if (request is null || !Hierarchy.Reaches(staff, request.BranchCode))
        {
            throw ApiProblemException.NotFound("No such loan request in your reach.");
        }
        return request.Status == LoanRequestRow.Pending ? request : throw NotPending();
    }

    private static ApiProblemException NotPending() =>
        new(StatusCodes.Status409Conflict, "Not pending", "The request was decided already.", code: "request_not_pending");

    private static ApiProblemException Forbidden(string code, string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail, code: code);
}
