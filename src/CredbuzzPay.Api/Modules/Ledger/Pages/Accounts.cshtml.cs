using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Features.Admin;
using CredbuzzPay.Api.Modules.Ledger.Features.Operations;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Ledger.Pages;

/// <summary><c>/admin/accounts</c>: the API's list (/api/v1/admin/accounts/) as a table, its filters in the URL; freeze and unfreeze (with a reason) through the API's handlers under their rules.</summary>
[ApiRule(Rule)]
internal sealed class AccountsModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/accounts/";
    public const string FreezeRule = "POST /api/v1/admin/accounts/{accountNumber}/freeze";
    public const string UnfreezeRule = "POST /api/v1/admin/accounts/{accountNumber}/unfreeze";

    private static readonly ConsoleField[] Reason = [new("reason", "Reason")];

    private static readonly ConsoleFilter[] Filters = [new("account_type", "Type", ["SAVINGS", "CURRENT", "FIXED_DEPOSIT", "WALLET", "LOAN"]), new("status", "Status", ["ACTIVE", "FROZEN", "CLOSED"]), new("branch", "Branch"), new("user_code", "User")];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var query = new PageQuery(paging.Page, paging.PageSize);
        var page = (await AdminAccountEndpoints.ListAsync(new AdminAccountQuery(ConsolePaging.Text(Request, "account_type"), ConsolePaging.Text(Request, "status"), ConsolePaging.Text(Request, "branch"), ConsolePaging.Text(Request, "user_code")), query, Request, User, db, users, cancellationToken)).Value!;
        Table = await ConsoleTable.Of("accounts", page, paging, Filters, hide: ["id"],
                links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}", ["account_number"] = "/admin/transactions?account_number={value}" })
            .WithActionsAsync(rules, User,
                new ConsoleAction("freeze", "Freeze", FreezeRule, "account_number", Reason, "status", ["ACTIVE"], Danger: true),
                new ConsoleAction("unfreeze", "Unfreeze", UnfreezeRule, "account_number", Reason, "status", ["FROZEN"]));
    }

    [ApiRule(FreezeRule)]
    public async Task<IActionResult> OnPostFreezeAsync([FromForm] string? key, [FromForm] string? reason, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] AccountStatusChanges changes, CancellationToken cancellationToken) =>
        Done((await OperationEndpoints.FreezeAsync(key ?? "", new StaffReasonRequest(reason), User, db, users, changes, cancellationToken)).Value!);

    [ApiRule(UnfreezeRule)]
    public async Task<IActionResult> OnPostUnfreezeAsync([FromForm] string? key, [FromForm] string? reason, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] AccountStatusChanges changes, CancellationToken cancellationToken) =>
        Done((await OperationEndpoints.UnfreezeAsync(key ?? "", new StaffReasonRequest(reason), User, db, users, changes, cancellationToken)).Value!);

    private LocalRedirectResult Done(Features.Accounts.AccountView account) => this.BackWith($"Account {account.AccountNumber} is {account.Status}.");
}
