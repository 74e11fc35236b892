using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Ledger.Features.Accounts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Admin;

/// <summary>Staff's read of customers' accounts: filters, branch-limited for admins, read-only for auditors.</summary>
public sealed record AdminAccountQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "account_type")] string? AccountType,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] string? Status,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "branch")] string? Branch,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_code")] string? UserCode);

internal static class AdminAccountEndpoints
{
    private static readonly string[] Kinds = [AccountKinds.Savings, AccountKinds.Current, AccountKinds.FixedDeposit, AccountKinds.Wallet, AccountKinds.Loan];
    private static readonly string[] States = [AccountStatuses.Active, AccountStatuses.Frozen, AccountStatuses.Closed];

    public static void MapAdminAccountEndpoints(this IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin/accounts").RequireStaff(Roles.Admin, auditorMayRead: true).WithTags("Accounts (staff)");
        admin.MapGet("/", ListAsync).WithSummary("Customers' accounts (?account_type=&status=&branch=&user_code=), newest first; admins see their own branch.");
        admin.MapGet("/{accountNumber}/", DetailAsync).WithSummary("One customer account in your reach.");
    }

    internal static async Task<Ok<Paged<AccountView>>> ListAsync([AsParameters] AdminAccountQuery filters, [AsParameters] PageQuery paging, HttpRequest http,
        ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var query = db.GetTable<LedgerAccount>().Where(a => a.SystemCode == null);
        if (filters.AccountType is { Length: > 0 } type)
        {
            var kind = type.Trim().ToUpperInvariant();
            query = Kinds.Contains(kind) ? query.Where(a => a.Kind == kind) : throw ApiProblemException.Validation("account_type", "One of SAVINGS, CURRENT, FIXED_DEPOSIT, WALLET, LOAN.");
        }
        if (filters.Status is { Length: > 0 } status)
        {
            var state = status.Trim().ToUpperInvariant();
            query = States.Contains(state) ? query.Where(a => a.Status == state) : throw ApiProblemException.Validation("status", "One of ACTIVE, FROZEN, CLOSED.");
        }
        if (filters.UserCode is { Length: > 0 } code)
        {
            var owner = code.Trim().ToUpperInvariant();
            query = query.Where(a => a.OwnerCode == owner);
        }
        var limit = Hierarchy.ReadLimit(staff);
        var branch = filters.Branch?.Trim().ToUpperInvariant();
        if (limit is not null)
        {
            if (branch is { Length: > 0 } && !string.Equals(branch, limit, StringComparison.OrdinalIgnoreCase))
            {
                throw ApiProblemException.Forbidden("You see only your own branch's accounts.");
            }
            branch = limit.ToUpperInvariant();
        }
        if (branch is { Length: > 0 })
        {
            query = query.Where(a => a.BranchCode == branch);
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(a => AccountViews.Of(a, forStaff: true)).ToList()));
    }

    private static async Task<Ok<AccountView>> DetailAsync(string accountNumber, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var number = AccountEndpoints.WellFormed(accountNumber);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var account = await db.GetTable<LedgerAccount>().FirstOrDefaultAsync(a => a.AccountNumber == number && a.SystemCode == null, cancellationToken);
        return account is not null && InReach(staff, account.BranchCode)
            ? TypedResults.Ok(AccountViews.Of(account, forStaff: true))
            : throw ApiProblemException.NotFound("No such account in your reach.");
    }

    /// <summary>Whether staff may read an account of this (home) branch: super_admin and above and auditors everywhere, admins their own branch.</summary>
    public static bool InReach(UserSummary staff, string? branchCode) =>
        Hierarchy.Reaches(staff, branchCode);
}
