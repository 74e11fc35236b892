using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Ledger.Features.Accounts;
using CredbuzzPay.Api.Modules.Ledger.Features.Approvals;
using CredbuzzPay.Api.Modules.Ledger.Features.Transactions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Operations;

/// <summary>Staff operations on customers' accounts (admin and above, in their reach; auditors read elsewhere and act on nothing).</summary>
internal static class OperationEndpoints
{
    public static void MapOperationEndpoints(this IEndpointRouteBuilder api)
    {
        var accounts = api.MapGroup("/admin/accounts").RequireStaff(Roles.Admin).WithTags("Accounts (staff)");
        accounts.MapPost("/{accountNumber}/freeze", FreezeAsync).WithSummary("{reason}: the account refuses debits and credits until unfrozen.");
        accounts.MapPost("/{accountNumber}/unfreeze", UnfreezeAsync).WithSummary("{reason}");
        accounts.MapPost("/{accountNumber}/close", CloseAsync).WithSummary("{reason}: only at a zero balance with nothing on hold (409 otherwise).");

        var transactions = api.MapGroup("/admin/transactions").RequireStaff(Roles.Admin).WithTags("Transactions (staff)");
        transactions.MapPost("/", CreateAsync).Idempotent()
            .WithSummary("{transaction_type: DEPOSIT|WITHDRAWAL|FEE|INTEREST|ADJUSTMENT, account_number, amount, reason, direction (ADJUSTMENT: CREDIT|DEBIT)}: 201 posted, or 202 waiting for approval (at or above Ledger:ApprovalThreshold, and every ADJUSTMENT).");
        transactions.MapPost("/{transactionId}/reverse", ReverseAsync).Idempotent()
            .WithSummary("{reason}: asks for a compensating entry (202; a second staff member approves it). A transaction is reversed at most once.");
        transactions.MapPost("/{transactionId}/release", ReleaseAsync).Idempotent()
            .WithSummary("Releases a debit held for fraud review (PENDING_REVIEW): it posts from its hold, or a payout goes to its provider.");
        transactions.MapPost("/{transactionId}/reject", RejectAsync).Idempotent()
            .WithSummary("{reason}: rejects a debit held for fraud review; its hold is released and nothing moves.");
    }

    internal static Task<Ok<AccountView>> FreezeAsync(string accountNumber, StaffReasonRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        AccountStatusChanges changes, CancellationToken cancellationToken) =>
        ChangeAsync(accountNumber, request, principal, db, users, changes.FreezeAsync, cancellationToken);

    internal static Task<Ok<AccountView>> UnfreezeAsync(string accountNumber, StaffReasonRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        AccountStatusChanges changes, CancellationToken cancellationToken) =>
        ChangeAsync(accountNumber, request, principal, db, users, changes.UnfreezeAsync, cancellationToken);

    private static Task<Ok<AccountView>> CloseAsync(string accountNumber, StaffReasonRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        AccountStatusChanges changes, CancellationToken cancellationToken) =>
        ChangeAsync(accountNumber, request, principal, db, users, changes.CloseAsync, cancellationToken);

    private static async Task<Ok<AccountView>> ChangeAsync(string accountNumber, StaffReasonRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        Func<UserSummary, string, string, CancellationToken, Task<Guid>> change, CancellationToken cancellationToken)
    {
        var number = AccountEndpoints.WellFormed(accountNumber);
        var reason = StaffMovement.ReasonOnly(request);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var id = await change(staff, number, reason, cancellationToken);
        return TypedResults.Ok(AccountViews.Of(await db.GetTable<LedgerAccount>().FirstAsync(a => a.Id == id, CancellationToken.None), forStaff: true));
    }

    private static async Task<Results<Created<TransactionView>, Accepted<ApprovalView>>> CreateAsync(StaffTransactionRequest request, ClaimsPrincipal principal, AppDb db,
        IUserDirectory users, StaffOperations operations, CancellationToken cancellationToken)
    {
        var order = StaffMovement.Read(request);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var outcome = await operations.MoveAsync(staff, order, cancellationToken);
        return await AnswerAsync(db, staff, outcome);
    }

    internal static async Task<Accepted<ApprovalView>> ReverseAsync(string transactionId, StaffReasonRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        StaffOperations operations, CancellationToken cancellationToken)
    {
        var id = TransactionEndpoints.WellFormedId(transactionId);
        var reason = StaffMovement.ReasonOnly(request);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var approval = await operations.RequestReversalAsync(staff, id, reason, cancellationToken);
        var view = (await ApprovalViews.BuildAsync(db, [approval], CancellationToken.None))[0];
        return TypedResults.Accepted($"/api/v1/admin/approvals/{view.ApprovalId}/", view);
    }

    internal static async Task<Ok<TransactionView>> ReleaseAsync(string transactionId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, Reviews.FraudReviews reviews,
        CancellationToken cancellationToken)
    {
        var id = TransactionEndpoints.WellFormedId(transactionId);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        return await ViewAsync(db, staff, await reviews.ReleaseAsync(db, staff, id, cancellationToken));
    }

    internal static async Task<Ok<TransactionView>> RejectAsync(string transactionId, StaffReasonRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        Reviews.FraudReviews reviews, CancellationToken cancellationToken)
    {
        var id = TransactionEndpoints.WellFormedId(transactionId);
        var reason = StaffMovement.ReasonOnly(request);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        return await ViewAsync(db, staff, await reviews.RejectAsync(db, staff, id, reason, cancellationToken));
    }

    private static async Task<Ok<TransactionView>> ViewAsync(AppDb db, UserSummary staff, Guid entryId)
    {
        var entry = await db.GetTable<JournalEntry>().FirstAsync(e => e.Id == entryId, CancellationToken.None);
        return TypedResults.Ok((await TransactionViews.BuildAsync(db, [entry], staff.Id, staff: true, CancellationToken.None))[0]);
    }

    private static async Task<Results<Created<TransactionView>, Accepted<ApprovalView>>> AnswerAsync(AppDb db, UserSummary staff, StaffOutcome outcome)
    {
        if (outcome.Approval is { } approval)
        {
            var view = (await ApprovalViews.BuildAsync(db, [approval], CancellationToken.None))[0];
            return TypedResults.Accepted($"/api/v1/admin/approvals/{view.ApprovalId}/", view);
        }
        var entry = await db.GetTable<JournalEntry>().FirstAsync(e => e.Id == outcome.EntryId, CancellationToken.None);
        var posted = (await TransactionViews.BuildAsync(db, [entry], staff.Id, staff: true, CancellationToken.None))[0];
        return TypedResults.Created($"/api/v1/transactions/{posted.TransactionId}/", posted);
    }
}
