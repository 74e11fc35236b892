using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Accounts;

/// <summary>Seed 001's accounts: open one, list one's own, read one's own (anyone else's is a 404).</summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder api)
    {
        var accounts = api.MapGroup("/accounts").RequireAuthorization().WithTags("Accounts");
        accounts.MapPost("/", OpenAsync).Idempotent()
            .WithSummary("{account_type: SAVINGS|CURRENT|FIXED_DEPOSIT, minimum_balance?}; a fixed deposit adds {principal, term_months, funding_account_number}. KYC must be verified.");
        accounts.MapGet("/", ListAsync).WithSummary("Your accounts, oldest first.");
        accounts.MapGet("/{accountNumber}/", DetailAsync).WithSummary("One of your accounts.");
        accounts.MapPost("/{accountNumber}/close", CloseAsync).Idempotent()
            .WithSummary("Closes one of your fixed deposits before maturity: interest at the rate for the term held less the penalty; principal and interest to the funding account.");
    }

    private static async Task<Created<AccountView>> OpenAsync(OpenAccountRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, OpenAccount handler,
        CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var view = await handler.OpenAsync(caller, request, cancellationToken);
        return TypedResults.Created($"/api/v1/accounts/{view.AccountNumber}/", view);
    }

    private static async Task<Ok<Paged<AccountView>>> ListAsync([AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var query = db.GetTable<LedgerAccount>().Where(a => a.OwnerId == caller.Id);
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(a => AccountViews.Of(a)).ToList()));
    }

    private static async Task<Ok<AccountView>> DetailAsync(string accountNumber, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var number = WellFormed(accountNumber);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var account = await db.GetTable<LedgerAccount>().FirstOrDefaultAsync(a => a.AccountNumber == number && a.OwnerId == caller.Id, cancellationToken);
        return account is null ? throw ApiProblemException.NotFound("No such account of yours.") : TypedResults.Ok(AccountViews.Of(account));
    }

    private static async Task<Ok<AccountView>> CloseAsync(string accountNumber, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        Interest.FixedDepositClosure closure, CancellationToken cancellationToken)
    {
        var number = WellFormed(accountNumber);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var id = await closure.CloseEarlyAsync(db, caller, number, cancellationToken);
        return TypedResults.Ok(AccountViews.Of(await db.GetTable<LedgerAccount>().FirstAsync(a => a.Id == id, CancellationToken.None)));
    }

    /// <summary>The number in canonical form, or a 400 before any lookup when its shape or check digit is wrong.</summary>
    public static string WellFormed(string? accountNumber, string field = "account_number")
    {
        var number = accountNumber?.Trim().ToUpperInvariant();
        return AccountNumbers.IsWellFormed(number) ? number!
            : throw ApiProblemException.Validation(field, "Not an account number: three letters (SAV, CUR, FD0, WAL, LON) and nine digits whose last is a check digit; check it for a typo.");
    }
}
