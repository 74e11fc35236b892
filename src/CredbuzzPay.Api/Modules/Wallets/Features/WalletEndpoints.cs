using System.Security.Claims;
using CredbuzzPay.Api.Modules.Access.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Wallets.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Wallets.Features;

/// <summary>Seed 002's wallet endpoints: one's own wallet and its history (staff: wallets in reach), and the movements.</summary>
internal static class WalletEndpoints
{
    private static readonly string[] Types =
    [
        EntryTypes.Deposit, EntryTypes.Withdrawal, EntryTypes.Transfer, EntryTypes.Payment, EntryTypes.Fee, EntryTypes.Interest, EntryTypes.Adjustment, EntryTypes.Reversal, EntryTypes.Recharge, EntryTypes.BillPayment,
    ];

    public static void MapWalletEndpoints(this IEndpointRouteBuilder api)
    {
        var wallet = api.MapGroup("/wallet").RequireAuthorization().WithTags("Wallets");
        wallet.MapGet("/wallets/", ListAsync).WithSummary("Your wallet (staff: the wallets in reach, ?tier=&branch=), newest first.");
        wallet.MapPost("/wallets/", OpenAsync).RequireFeature("wallet")
            .WithSummary("Opens your wallet (201); 200 with it when you have one. Distributors and retailers get theirs when they join the tier.");
        wallet.MapGet("/wallets/{id}/", DetailAsync).WithSummary("Your wallet (staff: one in reach).");
        wallet.MapGet("/transactions/", TransactionsAsync)
            .WithSummary("Your wallet's history, newest first (?type=&from=&to=; staff: ?wallet_id= of a wallet in reach).");
        wallet.MapPost("/add-to-wallet/", AddAsync).RequireStaff(Roles.Admin).Idempotent()
            .WithSummary("{user_email or user_code, amount, description}: from the platform's float; 202 waiting for approval at or above Ledger:ApprovalThreshold.");
        wallet.MapPost("/debit-from-wallet/", DebitAsync).RequireStaff(Roles.Admin).Idempotent()
            .WithSummary("{user_email or user_code, amount, description}: back to the platform's float; 202 waiting for approval at or above Ledger:ApprovalThreshold.");
        wallet.MapPost("/transfer/", TransferAsync).RequireFeature("wallet").RequireVerifiedKyc().Idempotent()
            .WithSummary("{to_user_code, amount, description}: a distributor to one of its own retailers.");
        wallet.MapPost("/add-money/", AddMoneyAsync).RequireFeature("wallet").RequireVerifiedKyc().Idempotent()
            .WithSummary("{amount}: a customer or retailer loads their own wallet through the funding provider (COMPLETED, or PENDING until it confirms).");
    }

    internal static async Task<Ok<Paged<WalletView>>> ListAsync([AsParameters] WalletQuery filters, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal,
        AppDb db, IUserDirectory users, ILedger ledger, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var query = db.GetTable<WalletRow>().AsQueryable();
        if (WalletViews.IsStaff(principal, caller))
        {
            if (Hierarchy.ReadLimit(caller) is { } limit)
            {
                query = query.Where(w => w.BranchCode == limit);
            }
            if (filters.Tier is { Length: > 0 } tier)
            {
                var t = tier.Trim().ToLowerInvariant();
                query = t is Tiers.Distributor or Tiers.Retailer or Tiers.Customer ? query.Where(w => w.Tier == t)
                    : throw ApiProblemException.Validation("tier", "Tier must be distributor, retailer or customer.");
            }
            if (filters.Branch is { Length: > 0 } branch)
            {
                var b = branch.Trim().ToUpperInvariant();
                query = query.Where(w => w.BranchCode == b);
            }
        }
        else
        {
            query = query.Where(w => w.UserId == caller.Id);
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(w => w.CreatedAt).ThenBy(w => w.AccountId).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var accounts = (await ledger.AccountsAsync(db, rows.Select(w => w.AccountId).ToArray(), cancellationToken)).ToDictionary(a => a.Id);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(w => WalletViews.Of(w, accounts[w.AccountId])).ToList()));
    }

    private static async Task<Results<Created<WalletView>, Ok<WalletView>>> OpenAsync(ClaimsPrincipal principal, AppDb db, IUserDirectory users, ILedger ledger,
        WalletDirectory wallets, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        if (caller.Role != Roles.User)
        {
            throw ApiProblemException.Forbidden("Wallets belong to customers, retailers and distributors; staff have none.");
        }
        var (wallet, opened) = await wallets.EnsureAsync(db, caller, cancellationToken);
        var view = WalletViews.Of(wallet, (await ledger.AccountsAsync(db, [wallet.AccountId], cancellationToken))[0]);
        return opened ? TypedResults.Created($"/api/v1/wallet/wallets/{wallet.AccountId}/", view) : TypedResults.Ok(view);
    }

    private static async Task<Ok<WalletView>> DetailAsync(string id, ClaimsPrincipal principal, AppDb db, IUserDirectory users, ILedger ledger,
        CancellationToken cancellationToken)
    {
        var walletId = WalletViews.WalletId(id, "id");
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var wallet = await ReachableAsync(db, principal, caller, walletId, cancellationToken);
        return TypedResults.Ok(WalletViews.Of(wallet, (await ledger.AccountsAsync(db, [wallet.AccountId], cancellationToken))[0]));
    }

    private static async Task<Ok<Paged<WalletTransactionView>>> TransactionsAsync([AsParameters] WalletTransactionQuery filters, [AsParameters] PageQuery paging,
        HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users, ILedger ledger, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        string? type = null;
        if (filters.Type is { Length: > 0 })
        {
            type = filters.Type.Trim().ToUpperInvariant();
            if (!Types.Contains(type))
            {
                throw ApiProblemException.Validation("type", "One of " + string.Join(", ", Types) + ".");
            }
        }
        var from = BankingDay.FromQuery(filters.From, "from");
        var to = BankingDay.FromQuery(filters.To, "to");
        var walletId = filters.WalletId is { Length: > 0 } ? WalletViews.WalletId(filters.WalletId, "wallet_id") : (Guid?)null;
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var wallet = walletId is { } wanted
            ? await ReachableAsync(db, principal, caller, wanted, cancellationToken)
            : await WalletDirectory.OfAsync(db, caller.Id, cancellationToken);
        if (wallet is null)
        {
            return TypedResults.Ok(page.ToPaged(http, 0, Array.Empty<WalletTransactionView>()));
        }
        var (fromUtc, beforeUtc) = BankingDay.Window(from, to);
        var filter = new HistoryFilter(type, fromUtc, beforeUtc);
        var (count, lines) = await ledger.HistoryAsync(db, wallet.AccountId, filter, page.Skip, page.PageSize, cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, lines.Select(WalletViews.Of).ToList()));
    }

    /// <summary>The wallet, when it is the caller's own or (staff) in their reach; a 404 otherwise.</summary>
    private static async Task<WalletRow> ReachableAsync(AppDb db, ClaimsPrincipal principal, UserSummary caller, Guid walletId, CancellationToken cancellationToken)
    {
        var wallet = await db.GetTable<WalletRow>().FirstOrDefaultAsync(w => w.AccountId == walletId, cancellationToken);
        var reachable = wallet is not null && (wallet.UserId == caller.Id || (WalletViews.IsStaff(principal, caller) && WalletViews.InReach(caller, wallet.BranchCode)));
        return reachable ? wallet! : throw ApiProblemException.NotFound("No such wallet of yours.");
    }

    internal static Task<Results<Created<WalletMoneyResponse>, Accepted<WalletMoneyResponse>>> AddAsync(WalletFundingRequest request, ClaimsPrincipal principal,
        WalletMoney money, CancellationToken cancellationToken) =>
        money.StaffMoveAsync(principal, request, EntryTypes.Deposit, cancellationToken);

    internal static Task<Results<Created<WalletMoneyResponse>, Accepted<WalletMoneyResponse>>> DebitAsync(WalletFundingRequest request, ClaimsPrincipal principal,
        WalletMoney money, CancellationToken cancellationToken) =>
        money.StaffMoveAsync(principal, request, EntryTypes.Withdrawal, cancellationToken);

    private static async Task<Created<WalletMoneyResponse>> TransferAsync(WalletTransferRequest request, ClaimsPrincipal principal, WalletMoney money,
        CancellationToken cancellationToken) =>
        TypedResults.Created((string?)null, await money.TransferAsync(principal, request, cancellationToken));

    private static async Task<Created<WalletMoneyResponse>> AddMoneyAsync(AddMoneyRequest request, ClaimsPrincipal principal, WalletMoney money,
        CancellationToken cancellationToken) =>
        TypedResults.Created((string?)null, await money.AddMoneyAsync(principal, request, cancellationToken));
}
