using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Ledger.Features.Accounts;
using CredbuzzPay.Api.Modules.Ledger.Features.Transactions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Admin;

/// <summary>Staff's filters on customers' transactions (each optional).</summary>
public sealed record AdminTransactionQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "transaction_id")] string? TransactionId,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "account_number")] string? AccountNumber,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_code")] string? UserCode,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "transaction_type")] string? TransactionType,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] string? Status,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "from")] string? From,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "to")] string? To);

/// <summary>
/// Staff's read of customers' transactions (seed 001's "review flagged transactions"): filters, newest first; an
/// admin sees the entries touching an account of their branch, super_admin and above and auditors every one.
/// <c>status=PENDING_REVIEW</c> is the fraud hold queue (released or rejected through admin/transactions/{id}/...).
/// </summary>
internal static class AdminTransactionEndpoints
{
    public static void MapAdminTransactionEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGroup("/admin/transactions").RequireStaff(Roles.Admin, auditorMayRead: true).WithTags("Transactions (staff)")
            .MapGet("/", ListAsync)
            .WithSummary("Customers' transactions in your reach, newest first (?transaction_id=&account_number=&user_code=&transaction_type=&status=&from=&to=; status=PENDING_REVIEW: those held for fraud review).");

    internal static async Task<Ok<Paged<TransactionView>>> ListAsync([AsParameters] AdminTransactionQuery filters, [AsParameters] PageQuery paging, HttpRequest http,
        ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var accounts = db.GetTable<LedgerAccount>().Where(a => a.SystemCode == null);
        var query = db.GetTable<JournalEntry>().AsQueryable();
        if (filters.TransactionId is { Length: > 0 })
        {
            var id = TransactionEndpoints.WellFormedId(filters.TransactionId);
            query = query.Where(e => e.TransactionId == id);
        }
        if (filters.AccountNumber is { Length: > 0 })
        {
            var number = AccountEndpoints.WellFormed(filters.AccountNumber);
            var account = await accounts.Where(a => a.AccountNumber == number).Select(a => new { a.Id, a.BranchCode }).FirstOrDefaultAsync(cancellationToken);
            if (account is null || !Hierarchy.Reaches(staff, account.BranchCode))
            {
                throw ApiProblemException.NotFound("No such account in your reach.");
            }
            query = query.Where(e => e.FromAccountId == account.Id || e.ToAccountId == account.Id);
        }
        if (filters.UserCode is { Length: > 0 })
        {
            var code = filters.UserCode.Trim().ToUpperInvariant();
            var owned = accounts.Where(a => a.OwnerCode == code).Select(a => (Guid?)a.Id);
            query = query.Where(e => owned.Contains(e.FromAccountId) || owned.Contains(e.ToAccountId));
        }
        query = TransactionEndpoints.Filtered(query, filters.TransactionType, filters.Status, filters.From, filters.To);
        if (Hierarchy.ReadLimit(staff) is { } branch)
        {
            var reach = accounts.Where(a => a.BranchCode == branch).Select(a => (Guid?)a.Id);
            query = query.Where(e => reach.Contains(e.FromAccountId) || reach.Contains(e.ToAccountId));
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, await TransactionViews.BuildAsync(db, rows, staff.Id, staff: true, cancellationToken)));
    }
}
