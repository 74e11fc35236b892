using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Features.Purchases;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Recharge.Pages;

/// <summary><c>/admin/purchases/pending</c>: the API's list (/api/v1/admin/purchases/pending) as a table, its filters in the URL; read under the API's rule.</summary>
[ApiRule(Rule)]
internal sealed class PendingPurchasesModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/purchases/pending";

    private static readonly ConsoleFilter[] Filters = [];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] RechargeTerms terms, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var query = new PageQuery(paging.Page, paging.PageSize);
        var page = (await StaffPurchaseEndpoints.PendingAsync(query, Request, User, db, users, terms, cancellationToken)).Value!;
        Table = ConsoleTable.Of("pending purchases", page, paging, Filters, links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}" });
    }
}
