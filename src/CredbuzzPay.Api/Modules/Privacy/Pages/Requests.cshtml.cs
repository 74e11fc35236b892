using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Features;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Privacy.Pages;

/// <summary><c>/admin/privacy/requests</c>: the API's list (/api/v1/admin/privacy/requests/) as a table, its filters in the URL; read under the API's rule.</summary>
[ApiRule(Rule)]
internal sealed class PrivacyRequestsModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/privacy/requests/";

    private static readonly ConsoleFilter[] Filters = [new("status", "Status", ["AWAITING_OTP", "PENDING", "READY", "WAITING", "COMPLETED", "EXPIRED", "FAILED"]), new("overdue", "Overdue", ["true", "false"])];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] TimeProvider clock, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var query = new PageQuery(paging.Page, paging.PageSize);
        var page = (await RequestEndpoints.ListAsync(new RequestQuery(ConsolePaging.Text(Request, "status"), ConsolePaging.Flag(Request, "overdue")), query, Request, User, db, users, clock, cancellationToken)).Value!;
        Table = ConsoleTable.Of("requests", page, paging, Filters, links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}" });
    }
}
