using System.Security.Claims;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Books;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CredbuzzPay.Api.Modules.Loans.Features.Servicing;

public sealed record RepayRequest(JsonElement? Amount, string? FromAccountNumber);

public sealed record ForecloseRequest(string? FromAccountNumber);

public sealed record RepaymentResult(RepaymentView Repayment, LoanView Loan);

public sealed record LoanQuery([FromQuery(Name = "status")] string? Status, [FromQuery(Name = "user_code")] string? UserCode);

/// <summary>Loans as their owners use them (read, repay, foreclose) and staff read them (in reach, from a staff platform).</summary>
internal static class LoanEndpoints
{
    private static readonly string[] Statuses = [LoanRow.Active, LoanRow.Closed, LoanRow.WrittenOff];

    public static void MapLoanEndpoints(this IEndpointRouteBuilder api)
    {
        var loans = api.MapGroup("/loans").RequireAuthorization().WithTags("Loans");
        loans.MapGet("/", ListAsync).WithSummary("Your loans, newest first (staff: those in reach, ?status=ACTIVE|CLOSED|WRITTEN_OFF&user_code=).");
        loans.MapGet("/{loanId}/", DetailAsync).WithSummary("A loan: outstanding, accrued and due amounts, days past due and bucket, the schedule and repayments.");
        loans.MapPost("/{loanId}/repay", RepayAsync).Idempotent()
            .WithSummary("{amount, from_account_number}: penalties, interest and principal due first; the rest prepays principal within the product's rule.");
        loans.MapGet("/{loanId}/foreclose", QuoteAsync).WithSummary("What closes the loan today: dues, principal outstanding and interest accrued.");
        loans.MapPost("/{loanId}/foreclose", ForecloseAsync).Idempotent().WithSummary("{from_account_number}: pays the quote of today and closes the loan.");
    }

    private static async Task<Ok<Paged<LoanView>>> ListAsync([AsParameters] LoanQuery filter, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal,
        AppDb db, IUserDirectory users, LoanReader reader, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var query = db.GetTable<LoanRow>().AsQueryable();
        if (StaffAccess.ActsAsStaff(principal, caller))
        {
            if (Hierarchy.ReadLimit(caller) is { } branch)
            {
                query = query.Where(l => l.BranchCode == branch);
            }
            if (filter.UserCode is { } code)
            {
                var wanted = code.Trim().ToUpperInvariant();
                query = query.Where(l => l.UserCode == wanted);
            }
        }
        else
        {
            query = query.Where(l => l.UserId == caller.Id);
        }
        if (filter.Status is { } status)
        {
            var wanted = status.Trim().ToUpperInvariant();
            query = Statuses.Contains(wanted) ? query.Where(l => l.Status == wanted) : throw ApiProblemException.Validation("status", "One of ACTIVE, CLOSED, WRITTEN_OFF.");
        }
        return TypedResults.Ok(await reader.PageAsync(db, query, page, http, cancellationToken));
    }

    private static async Task<Ok<LoanView>> DetailAsync(string loanId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, LoanReader reader,
        CancellationToken cancellationToken)
    {
        var loan = await ReachableAsync(loanId, principal, db, users, cancellationToken);
        return TypedResults.Ok(await reader.ViewAsync(db, loan.Id, cancellationToken));
    }

    private static async Task<Created<RepaymentResult>> RepayAsync(string loanId, RepayRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        ILedger ledger, LoanBook book, LoanReader reader, CancellationToken cancellationToken)
    {
        var (amount, error) = Money.ParseRequest(request.Amount);
        var errors = new Dictionary<string, string[]>();
        if (error is not null)
        {
            errors["amount"] = [error];
        }
        if (string.IsNullOrWhiteSpace(request.FromAccountNumber))
        {
            errors["from_account_number"] = ["The number of your own savings or current account to pay from."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var (caller, loan) = await OwnAsync(loanId, principal, db, users, cancellationToken);
        var from = await SourceAsync(db, ledger, caller, request.FromAccountNumber!, cancellationToken);
        var repayment = await book.RepayAsync(db, loan.Id, amount, from.Id, RepaymentRow.Manual, caller.UserCode, cancellationToken);
        return TypedResults.Created($"/api/v1/loans/{loan.LoanId}/", new RepaymentResult(View(repayment), await reader.ViewAsync(db, loan.Id, CancellationToken.None)));
    }

    private static async Task<Ok<ForeclosureQuote>> QuoteAsync(string loanId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, LoanReader reader,
        CancellationToken cancellationToken)
    {
        var loan = await ReachableAsync(loanId, principal, db, users, cancellationToken);
        return TypedResults.Ok(LoanViews.Quote(await reader.StateAsync(db, loan, cancellationToken)));
    }

    private static async Task<Created<RepaymentResult>> ForecloseAsync(string loanId, ForecloseRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        ILedger ledger, LoanBook book, LoanReader reader, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.FromAccountNumber))
        {
            throw ApiProblemException.Validation("from_account_number", "The number of your own savings or current account to pay from.");
        }
        var (caller, loan) = await OwnAsync(loanId, principal, db, users, cancellationToken);
        var from = await SourceAsync(db, ledger, caller, request.FromAccountNumber, cancellationToken);
        var repayment = await book.ForecloseAsync(db, loan.Id, from.Id, caller.UserCode, cancellationToken);
        return TypedResults.Created($"/api/v1/loans/{loan.LoanId}/", new RepaymentResult(View(repayment), await reader.ViewAsync(db, loan.Id, CancellationToken.None)));
    }

    public static RepaymentView View(RepaymentRow r) => new(r.TransactionId, r.Kind, Money.Format(r.AmountPaise), Money.Format(r.PenaltyPaise), Money.Format(r.InterestPaise),
        Money.Format(r.PrincipalPaise), Money.Format(r.PrepaidPaise), r.PaidBy, r.CreatedAt);

    /// <summary>The caller's own loan, or staff's in reach (from a staff platform); anyone else's is a 404.</summary>
    private static async Task<LoanRow> ReachableAsync(string loanId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var id = LoanViews.Public(loanId);
        var loan = await db.GetTable<LoanRow>().FirstOrDefaultAsync(l => l.LoanId == id, cancellationToken);
        return loan is not null && (loan.UserId == caller.Id || (StaffAccess.ActsAsStaff(principal, caller) && Hierarchy.Reaches(caller, loan.BranchCode)))
            ? loan : throw ApiProblemException.NotFound("No such loan.");
    }

    private static async Task<(UserSummary Caller, LoanRow Loan)> OwnAsync(string loanId, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var id = LoanViews.Public(loanId);
        var loan = await db.GetTable<LoanRow>().FirstOrDefaultAsync(l => l.LoanId == id && l.UserId == caller.Id, cancellationToken);
        return loan is not null ? (caller, loan) : throw ApiProblemException.NotFound("No such loan of yours.");
    }

    private static async Task<LedgerAccountInfo> SourceAsync(AppDb db, ILedger ledger, UserSummary caller, string number, CancellationToken cancellationToken)
    {
        var account = await ledger.FindAsync(db, number.Trim().ToUpperInvariant(), cancellationToken);
        if (account is null || account.OwnerId != caller.Id || account.Kind is not (AccountKinds.Savings or AccountKinds.Current))
        {
            throw ApiProblemException.NotFound("No such savings or current account of yours.");
        }
        return account.Status == AccountStatuses.Active ? account : throw LoanBook.Refused(LedgerRefusals.AccountNotActive, "Account not active", "Your account is frozen or closed.");
    }
}
