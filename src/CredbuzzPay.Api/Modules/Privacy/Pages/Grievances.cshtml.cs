using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Notifications;
using CredbuzzPay.Api.Modules.Privacy.Features;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Privacy.Pages;

/// <summary><c>/admin/privacy/grievances</c>: the API's list (/api/v1/admin/privacy/grievances/) with its deadlines and filters in the URL; answer an open grievance through the API's handler under its rule (the person is told by email).</summary>
[ApiRule(Rule)]
internal sealed class GrievancesModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/privacy/grievances/";
    public const string RespondRule = "POST /api/v1/admin/privacy/grievances/{reference}/respond";

    private static readonly ConsoleFilter[] Filters = [new("status", "Status", ["OPEN", "RESPONDED"]), new("overdue", "Overdue", ["true", "false"])];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] TimeProvider clock, [FromServices] ApiRules rules,
        CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var query = new PageQuery(paging.Page, paging.PageSize);
        var page = (await GrievanceEndpoints.ListAsync(new GrievanceQuery(ConsolePaging.Text(Request, "status"), ConsolePaging.Flag(Request, "overdue")), query, Request, User, db, users, clock, cancellationToken)).Value!;
        Table = await ConsoleTable.Of("grievances", page, paging, Filters, links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}" })
            .WithActionsAsync(rules, User, new ConsoleAction("respond", "Answer", RespondRule, "reference", [new ConsoleField("response", "Answer", MaxLength: 4000)], "status", ["OPEN"]));
    }

    [ApiRule(RespondRule)]
    public async Task<IActionResult> OnPostRespondAsync([FromForm] string? key, [FromForm] string? response, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] IAuditTrail audit, [FromServices] IOutbox outbox, [FromServices] TimeProvider clock, CancellationToken cancellationToken)
    {
        var done = (await GrievanceEndpoints.RespondAsync(key ?? "", new RespondRequest(response), User, db, users, audit, outbox, clock, cancellationToken)).Value!;
        return this.BackWith($"Grievance {done.Reference} answered; {done.UserCode} is told by email.");
    }
}
