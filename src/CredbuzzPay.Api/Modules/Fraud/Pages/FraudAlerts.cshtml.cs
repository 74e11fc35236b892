using CredbuzzPay.Api.Modules.Fraud.Features;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Fraud.Pages;

/// <summary><c>/admin/fraud</c>: the API's list (/api/v1/fraud-alerts/) as a table, its filters in the URL; read under the API's rule.</summary>
[ApiRule(Rule)]
internal sealed class FraudAlertsModel : PageModel
{
    public const string Rule = "GET /api/v1/fraud-alerts/";

    private static readonly ConsoleFilter[] Filters = [new("status", "Status", ["OPEN", "INVESTIGATING", "RESOLVED", "FALSE_POSITIVE"]), new("severity", "Severity", ["LOW", "MEDIUM", "HIGH", "CRITICAL"]), new("alert_type", "Type"), new("days", "Last days")];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] TimeProvider clock, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var query = new PageQuery(paging.Page, paging.PageSize);
        var page = (await FraudAlertEndpoints.ListAsync(new FraudAlertQuery(ConsolePaging.Text(Request, "status"), ConsolePaging.Text(Request, "severity"), ConsolePaging.Text(Request, "alert_type"), ConsolePaging.Number(Request, "days")), query, Request, User, db, users, clock, cancellationToken)).Value!;
        Table = ConsoleTable.Of("alerts", page, paging, Filters, links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}" });
    }
}
