using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Features.Admin;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Ledger.Pages;

/// <summary><c>/admin/accounts</c>: the API's list (/api/v1/admin/accounts/) as a table, its filters in the URL; read under the API's rule.</summary>
[ApiRule(Rule)]
internal sealed class AccountsModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/accounts/";

    private static readonly ConsoleFilter[] Filters = [new("account_type", "Type", ["SAVINGS", "CURRENT", "FIXED_DEPOSIT", "WALLET", "LOAN"]), new("status", "Status", ["ACTIVE", "FROZEN", "CLOSED"]), new("branch", "Branch"), new("user_code", "User")];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var query = new PageQuery(paging.Page, paging.PageSize);
        var page = (await AdminAccountEndpoints.ListAsync(new AdminAccountQuery(ConsolePaging.Text(Request, "account_type"), ConsolePaging.Text(Request, "status"), ConsolePaging.Text(Request, "branch"), ConsolePaging.Text(Request, "user_code")), query, Request, User, db, users, cancellationToken)).Value!;
        Table = ConsoleTable.Of("accounts", page, paging, Filters, links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}" });
    }
}
