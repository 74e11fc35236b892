using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Linq;

namespace CredbuzzPay.Api.Modules.Loans.Features.Applications;

/// <summary>
/// Maker-checker on applications: the first staff member's approval recommends it (the maker), a second one's approves it (the checker):
/// not the maker, at or above the maker's level, in reach of the customer's branch, and a super_admin or above when the principal is above
/// <c>Loans:SecondApprovalAmount</c>. Either may reject it with a reason while it is undecided. Each step is a guarded status change, so two
/// staff deciding at once decide once.
/// </summary>
internal sealed class ApplicationDecisions
{
    private readonly AppDb _db;
    private readonly IAuditTrail _audit;
    private readonly LoanTerms _terms;

    public ApplicationDecisions(AppDb db, IAuditTrail audit, LoanTerms terms)
    {
        _db = db;
        _audit = audit;
        _terms = terms;
    }

    public async Task<ApplicationRow> ApproveAsync(UserSummary staff, string applicationId, CancellationToken cancellationToken)
    {
        var application = await InReachAsync(staff, applicationId, cancellationToken);
        var now = _terms.Now;
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        if (application.Status == ApplicationRow.Submitted)
        {
            await DecideAsync(application, ApplicationRow.Submitted, q => q.Set(a => a.Status, ApplicationRow.Recommended).Set(a => a.MakerId, staff.Id)
                .Set(a => a.MakerCode, staff.UserCode).Set(a => a.MakerRole, staff.Role).Set(a => a.RecommendedAt, now), cancellationToken);
            await _audit.RecordAsync(_db, new AuditEvent("loans.application_recommended", "loan_application", application.ApplicationId,
                new { principal = Money.Format(application.PrincipalPaise) }), cancellationToken);
        }
        else if (application.Status == ApplicationRow.Recommended)
        {
            CheckChecker(staff, application);
            await DecideAsync(application, ApplicationRow.Recommended, q => q.Set(a => a.Status, ApplicationRow.Approved).Set(a => a.CheckerCode, staff.UserCode)
                .Set(a => a.DecidedAt, now), cancellationToken);
            await _audit.RecordAsync(_db, new AuditEvent("loans.application_approved", "loan_application", application.ApplicationId,
                new { maker = application.MakerCode, principal = Money.Format(application.PrincipalPaise) }), cancellationToken);
        }
        else
        {
            throw NotOpen(application);
        }
        await transaction.CommitAsync(cancellationToken);
        return await _db.GetTable<ApplicationRow>().FirstAsync(a => a.Id == application.Id, CancellationToken.None);
    }

    public async Task<ApplicationRow> RejectAsync(UserSummary staff, string applicationId, string reason, CancellationToken cancellationToken)
    {
        var application = await InReachAsync(staff, applicationId, cancellationToken);
        if (application.Status is not (ApplicationRow.Submitted or ApplicationRow.Recommended))
        {
            throw NotOpen(application);
        }
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        await DecideAsync(application, application.Status, q => q.Set(a => a.Status, ApplicationRow.Rejected).Set(a => a.CheckerCode, staff.UserCode)
            .Set(a => a.DecisionReason, reason).Set(a => a.DecidedAt, _terms.Now), cancellationToken);
        await _audit.RecordAsync(_db, new AuditEvent("loans.application_rejected", "loan_application", application.ApplicationId, new { reason }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await _db.GetTable<ApplicationRow>().FirstAsync(a => a.Id == application.Id, CancellationToken.None);
    }

    /// <summary>The application with this public id in the staff member's reach, or a 404.</summary>
    public async Task<ApplicationRow> InReachAsync(UserSummary staff, string applicationId, CancellationToken cancellationToken)
    {
        var id = LoanViews.Public(applicationId);
        var application = await _db.GetTable<ApplicationRow>().FirstOrDefaultAsync(a => a.ApplicationId == id, cancellationToken);
        return application is not null && Hierarchy.Reaches(staff, application.BranchCode) ? application : throw ApiProblemException.NotFound("No such application in your reach.");
    }

    private void CheckChecker(UserSummary staff, ApplicationRow application)
    {
        if (application.MakerId == staff.Id)
        {
            throw Forbidden("maker_cannot_approve", "You recommended this application: a second staff member must approve it.");
        }
        if (Hierarchy.Rank(staff.Role) < Hierarchy.Rank(application.MakerRole ?? Roles.Admin))
        {
            throw Forbidden("approver_below_maker", $"An application recommended by a {application.MakerRole} is approved by someone at that level or above.");
        }
        if (application.PrincipalPaise > _terms.SecondApprovalPaise && !Hierarchy.SeesAllBranches(staff.Role))
        {
            throw Forbidden("super_admin_required", $"A loan above {Money.Format(_terms.SecondApprovalPaise)} is approved by a super_admin or above.");
        }
    }

    private async Task DecideAsync(ApplicationRow application, string from, Func<IUpdatable<ApplicationRow>, IUpdatable<ApplicationRow>> change, CancellationToken cancellationToken)
    {
        var updated = await change(_db.GetTable<ApplicationRow>().Where(a => a.Id == application.Id && a.Status == from).AsUpdatable()).UpdateAsync(cancellationToken);
        if (updated != 1)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Decided already", "Another staff member decided on this application just now; read it again.",
                code: "application_not_open");
        }
    }

    private static ApiProblemException NotOpen(ApplicationRow application) =>
        new(StatusCodes.Status409Conflict, "Not open", $"The application is {application.Status}: it was decided already.", code: "application_not_open");

    private static ApiProblemException Forbidden(string code, string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail, code: code);
}
