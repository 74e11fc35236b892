using System.Globalization;
using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Ledger.Features.Accounts;
using CredbuzzPay.Api.Modules.Ledger.Features.Admin;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Transactions;

/// <summary>The list's filters: one of your accounts, type, status, and Asia/Kolkata days from/to (yyyy-MM-dd, inclusive).</summary>
public sealed record TransactionQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "account_number")] string? AccountNumber,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "transaction_type")] string? TransactionType,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] string? Status,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "from")] string? From,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "to")] string? To);

/// <summary>Seed 001's transactions: move money, list one's own, read one (own, or staff in reach).</summary>
internal static class TransactionEndpoints
{
    private static readonly string[] States = [EntryStatuses.Pending, EntryStatuses.PendingReview, EntryStatuses.Completed, EntryStatuses.Failed, EntryStatuses.Reversed];
    private static readonly string[] Types = [.. EntryTypes.Requestable, EntryTypes.Adjustment, EntryTypes.Reversal, EntryTypes.Recharge, EntryTypes.BillPayment];

    public static void MapTransactionEndpoints(this IEndpointRouteBuilder api)
    {
        var transactions = api.MapGroup("/transactions").RequireAuthorization().WithTags("Transactions");
        transactions.MapPost("/", CreateAsync).Idempotent()
            .WithSummary("{transaction_type, from_account_number?, to_account_number?, amount, description?}; a PAYMENT outside the bank gives payee_name, payee_account_number, payee_ifsc.");
        transactions.MapGet("/", ListAsync).WithSummary("Your transactions, newest first (?account_number=&transaction_type=&status=&from=&to=).");
        transactions.MapGet("/{transactionId}/", DetailAsync).WithSummary("One of your transactions (staff: one in their reach).");
    }

    private static async Task<Created<TransactionView>> CreateAsync(TransactionRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CreateTransaction handler,
        CancellationToken cancellationToken)
    {
        var order = TransactionRequests.Read(request);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var entryId = await handler.CreateAsync(caller, principal, order, cancellationToken);
        var entry = await db.GetTable<JournalEntry>().FirstAsync(e => e.Id == entryId, CancellationToken.None);
        var staffView = order.Type is EntryTypes.Fee or EntryTypes.Interest;
        var view = (await TransactionViews.BuildAsync(db, [entry], caller.Id, staffView, CancellationToken.None))[0];
        return TypedResults.Created($"/api/v1/transactions/{view.TransactionId}/", view);
    }

    private static async Task<Ok<Paged<TransactionView>>> ListAsync([AsParameters] TransactionQuery filters, [AsParameters] PageQuery paging, HttpRequest http,
        ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var me = (Guid?)caller.Id;
        var query = db.GetTable<JournalEntry>().Where(e => e.FromOwnerId == me || e.ToOwnerId == me);
        if (filters.AccountNumber is { Length: > 0 })
        {
            var number = AccountEndpoints.WellFormed(filters.AccountNumber);
            var account = await db.GetTable<LedgerAccount>().Where(a => a.AccountNumber == number && a.OwnerId == caller.Id).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw ApiProblemException.NotFound("No such account of yours.");
            query = query.Where(e => e.FromAccountId == account || e.ToAccountId == account);
        }
        query = Filtered(query, filters.TransactionType, filters.Status, filters.From, filters.To);
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, await TransactionViews.BuildAsync(db, rows, caller.Id, staff: false, cancellationToken)));
    }

    private static async Task<Ok<TransactionView>> DetailAsync(string transactionId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var id = WellFormedId(transactionId);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var entry = await db.GetTable<JournalEntry>().FirstOrDefaultAsync(e => e.TransactionId == id, cancellationToken)
            ?? throw ApiProblemException.NotFound("No such transaction of yours.");
        var own = entry.FromOwnerId == caller.Id || entry.ToOwnerId == caller.Id;
        if (!own && !await StaffReachesAsync(db, caller, principal, entry, cancellationToken))
        {
            throw ApiProblemException.NotFound("No such transaction of yours.");
        }
        return TypedResults.Ok((await TransactionViews.BuildAsync(db, [entry], caller.Id, staff: !own, cancellationToken))[0]);
    }

    /// <summary>Staff (admin and above, or auditors) on a staff platform reach an entry when one of its customer accounts is in their reach.</summary>
    private static async Task<bool> StaffReachesAsync(AppDb db, UserSummary caller, ClaimsPrincipal principal, JournalEntry entry, CancellationToken cancellationToken)
    {
        if (!StaffAccess.OnStaffPlatform(principal) || caller.Role == Roles.User || caller.Status != UserStatuses.Active)
        {
            return false;
        }
        var ids = new[] { entry.FromAccountId, entry.ToAccountId };
        var branches = await db.GetTable<LedgerAccount>().Where(a => ids.Contains(a.Id) && a.SystemCode == null).Select(a => a.BranchCode).ToListAsync(cancellationToken);
        return branches.Any(b => AdminAccountEndpoints.InReach(caller, b));
    }

    /// <summary>The type, status and Asia/Kolkata day filters shared by the customer's and staff's lists (a bad value is a 400 on its field).</summary>
    internal static IQueryable<JournalEntry> Filtered(IQueryable<JournalEntry> query, string? transactionType, string? status, string? fromDay, string? toDay)
    {
        if (transactionType is { Length: > 0 })
        {
            var type = transactionType.Trim().ToUpperInvariant();
            query = Types.Contains(type) ? query.Where(e => e.EntryType == type)
                : throw ApiProblemException.Validation("transaction_type", "One of DEPOSIT, WITHDRAWAL, TRANSFER, PAYMENT, FEE, INTEREST, ADJUSTMENT, REVERSAL, RECHARGE, BILL_PAYMENT.");
        }
        if (status is { Length: > 0 })
        {
            var state = status.Trim().ToUpperInvariant();
            query = States.Contains(state) ? query.Where(e => e.Status == state) : throw ApiProblemException.Validation("status", "One of PENDING, PENDING_REVIEW, COMPLETED, FAILED, REVERSED.");
        }
        if (BankingDay.FromQuery(fromDay, "from") is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - BankingDay.Offset;
            query = query.Where(e => Instants.AtOrAfter(e.CreatedAt, start));
        }
        if (BankingDay.FromQuery(toDay, "to") is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - BankingDay.Offset;
            query = query.Where(e => Instants.Before(e.CreatedAt, end));
        }
        return query;
    }

    /// <summary>A transaction id in canonical form, or a 400 before any lookup.</summary>
    public static string WellFormedId(string transactionId)
    {
        var id = transactionId.Trim().ToUpperInvariant();
        return id.Length == 15 && id.StartsWith("TXN", StringComparison.Ordinal) && id.All(char.IsAsciiLetterOrDigit) ? id
            : throw ApiProblemException.Validation("transaction_id", "A transaction id is TXN and twelve letters or digits.");
    }

}
