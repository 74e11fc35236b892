using CredbuzzPay.Api.Modules.Fraud.Features;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Fraud.Pages;

/// <summary>
/// <c>/admin/fraud</c>: the API's list (/api/v1/fraud-alerts/) as a table, its filters in the URL; investigate, resolve
/// and mark false positive (each with a note) through the API's handlers under its rules. A held transaction an alert
/// names is released or rejected on <c>/admin/transactions</c>.
/// </summary>
[ApiRule(Rule)]
internal sealed class FraudAlertsModel : PageModel
{
    public const string Rule = "GET /api/v1/fraud-alerts/";
    public const string InvestigateRule = "POST /api/v1/fraud-alerts/{alertId}/investigate";
    public const string ResolveRule = "POST /api/v1/fraud-alerts/{alertId}/resolve";
    public const string FalsePositiveRule = "POST /api/v1/fraud-alerts/{alertId}/false_positive";

    private static readonly ConsoleField[] Note = [new("note", "Note", Required: false, MaxLength: 1000)];
    private static readonly string[] Unsettled = ["OPEN", "INVESTIGATING"];

    private static readonly ConsoleFilter[] Filters = [new("status", "Status", ["OPEN", "INVESTIGATING", "RESOLVED", "FALSE_POSITIVE"]), new("severity", "Severity", ["LOW", "MEDIUM", "HIGH", "CRITICAL"]), new("alert_type", "Type"), new("days", "Last days")];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] TimeProvider clock, [FromServices] ApiRules rules,
        CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var query = new PageQuery(paging.Page, paging.PageSize);
        var page = (await FraudAlertEndpoints.ListAsync(new FraudAlertQuery(ConsolePaging.Text(Request, "status"), ConsolePaging.Text(Request, "severity"), ConsolePaging.Text(Request, "alert_type"), ConsolePaging.Number(Request, "days")), query, Request, User, db, users, clock, cancellationToken)).Value!;
        Table = await ConsoleTable.Of("alerts", page, paging, Filters,
                links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}", ["transaction_id"] = "/admin/transactions?transaction_id={value}" })
            .WithActionsAsync(rules, User,
                new ConsoleAction("investigate", "Investigate", InvestigateRule, "alert_id", Note, "status", ["OPEN"]),
                new ConsoleAction("resolve", "Resolve", ResolveRule, "alert_id", Note, "status", Unsettled),
                new ConsoleAction("false_positive", "False positive", FalsePositiveRule, "alert_id", Note, "status", Unsettled, Danger: true));
    }

    [ApiRule(InvestigateRule)]
    public async Task<IActionResult> OnPostInvestigateAsync([FromForm] string? key, [FromForm] string? note, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] AlertHandling handling, CancellationToken cancellationToken) =>
        Done((await FraudAlertEndpoints.InvestigateAsync(key ?? "", new FraudAlertNoteRequest(note), User, db, users, handling, cancellationToken)).Value!);

    [ApiRule(ResolveRule)]
    public async Task<IActionResult> OnPostResolveAsync([FromForm] string? key, [FromForm] string? note, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] AlertHandling handling, CancellationToken cancellationToken) =>
        Done((await FraudAlertEndpoints.ResolveAsync(key ?? "", new FraudAlertNoteRequest(note), User, db, users, handling, cancellationToken)).Value!);

    [ApiRule(FalsePositiveRule)]
    public async Task<IActionResult> OnPostFalsePositiveAsync([FromForm] string? key, [FromForm] string? note, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] AlertHandling handling, CancellationToken cancellationToken) =>
        Done((await FraudAlertEndpoints.FalsePositiveAsync(key ?? "", new FraudAlertNoteRequest(note), User, db, users, handling, cancellationToken)).Value!);

    private LocalRedirectResult Done(FraudAlertView alert) => this.BackWith($"Alert {alert.AlertId} is {alert.Status}.");
}
