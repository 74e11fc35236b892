using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Loans.Features.Staff;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Loans.Pages;

/// <summary><c>/admin/loans</c>: the API's list (/api/v1/admin/loans/applications/) as a table, its filters in the URL; read under the API's rule.</summary>
[ApiRule(Rule)]
internal sealed class ApplicationsModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/loans/applications/";

    private static readonly ConsoleFilter[] Filters = [new("status", "Status"), new("product_id", "Product"), new("min_age_days", "At least days old"), new("max_age_days", "At most days old")];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] LoanTerms terms, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var query = new PageQuery(paging.Page, paging.PageSize);
        var page = (await StaffApplicationEndpoints.ListAsync(new ApplicationQuery(ConsolePaging.Text(Request, "status"), ConsolePaging.Text(Request, "product_id"), ConsolePaging.Number(Request, "min_age_days"), ConsolePaging.Number(Request, "max_age_days")), query, Request, User, db, users, terms, cancellationToken)).Value!;
        Table = ConsoleTable.Of("applications", page, paging, Filters, hide: ["schedule"], links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}" });
    }
}
