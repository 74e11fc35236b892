using System.Text.Json;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Wallets.Features;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Wallets.Pages;

/// <summary>
/// <c>/admin/wallets</c>: the wallets in reach (the API's wallet/wallets/ as staff see it, ?tier=&amp;branch=), each with
/// fund and debit (seed 002's add-to-wallet and debit-from-wallet) through the API's handler under its rule; every
/// form carries its own idempotency key, so a form sent twice moves money once.
/// </summary>
[ApiRule(Rule)]
internal sealed class WalletsModel : PageModel
{
    public const string Rule = "GET /api/v1/wallet/wallets/";
    public const string FundRule = "POST /api/v1/wallet/add-to-wallet/";
    public const string DebitRule = "POST /api/v1/wallet/debit-from-wallet/";

    private static readonly ConsoleFilter[] Filters = [new("tier", "Tier", ["distributor", "retailer", "customer"]), new("branch", "Branch")];

    private static readonly ConsoleField[] Movement = [new("amount", "Amount (₹)", MaxLength: 20), new("description", "Description", MaxLength: 255)];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] ILedger ledger, [FromServices] ApiRules rules,
        CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var page = (await WalletEndpoints.ListAsync(new WalletQuery(ConsolePaging.Text(Request, "tier"), ConsolePaging.Text(Request, "branch")), new PageQuery(paging.Page, paging.PageSize),
            Request, User, db, users, ledger, cancellationToken)).Value!;
        Table = await ConsoleTable.Of("wallets", page, paging, Filters, hide: ["id"],
                links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}", ["account_number"] = "/admin/transactions?account_number={value}" })
            .WithActionsAsync(rules, User,
                new ConsoleAction("fund", "Fund", FundRule, "user_code", Movement, "status", ["ACTIVE"], Money: true),
                new ConsoleAction("debit", "Debit", DebitRule, "user_code", Movement, "status", ["ACTIVE"], Danger: true, Money: true));
    }

    [ApiRule(FundRule), IdempotentForm]
    public async Task<IActionResult> OnPostFundAsync([FromForm] string? key, [FromForm] string? amount, [FromForm] string? description, [FromServices] WalletMoney money,
        CancellationToken cancellationToken) =>
        Done(await WalletEndpoints.AddAsync(Funding(key, amount, description), User, money, cancellationToken));

    [ApiRule(DebitRule), IdempotentForm]
    public async Task<IActionResult> OnPostDebitAsync([FromForm] string? key, [FromForm] string? amount, [FromForm] string? description, [FromServices] WalletMoney money,
        CancellationToken cancellationToken) =>
        Done(await WalletEndpoints.DebitAsync(Funding(key, amount, description), User, money, cancellationToken));

    /// <summary>The API's request as its JSON would bind it: the amount as the decimal string a client sends.</summary>
    private static WalletFundingRequest Funding(string? userCode, string? amount, string? description) =>
        new(null, userCode, string.IsNullOrWhiteSpace(amount) ? null : JsonSerializer.SerializeToElement(amount.Trim()), description);

    private LocalRedirectResult Done(Results<Created<WalletMoneyResponse>, Accepted<WalletMoneyResponse>> answer)
    {
        var moved = answer.Result switch
        {
            Created<WalletMoneyResponse> c => c.Value!,
            Accepted<WalletMoneyResponse> a => a.Value!,
            _ => throw new InvalidOperationException("The wallet handler gave an answer the console does not know."),
        };
        return this.BackWith(moved.Message + (moved.ApprovalId is null ? $" Wallet {moved.Wallet.UserCode} balance ₹{moved.Wallet.Balance}." : $" Approval {moved.ApprovalId}."));
    }
}
