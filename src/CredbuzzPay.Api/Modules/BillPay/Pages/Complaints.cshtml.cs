using CredbuzzPay.Api.Modules.BillPay.Features.Payments;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.BillPay.Pages;

/// <summary><c>/admin/bills/complaints</c>: the API's list (/api/v1/admin/bills/complaints/) as a table, its filters in the URL; read under the API's rule.</summary>
[ApiRule(Rule)]
internal sealed class ComplaintsModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/bills/complaints/";

    private static readonly ConsoleFilter[] Filters = [new("status", "Status")];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var query = new PageQuery(paging.Page, paging.PageSize);
        var page = (await ComplaintEndpoints.ListAsync(ConsolePaging.Text(Request, "status"), query, Request, User, db, users, cancellationToken)).Value!;
        Table = ConsoleTable.Of("complaints", page, paging, Filters, links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}" });
    }
}
