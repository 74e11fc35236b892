using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Features.Applications;
using CredbuzzPay.Api.Modules.Loans.Features.Servicing;
using CredbuzzPay.Api.Modules.Loans.Features.Staff;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Loans.Pages;

/// <summary>
/// <c>/admin/loans</c>: the portfolio by days-past-due bucket (admin/loans/report), and the API's applications
/// (/api/v1/admin/loans/applications/) with their filters in the URL; recommend and approve (maker, then checker),
/// reject, and disburse (under an idempotency key), each through the API's handler under its rule.
/// </summary>
[ApiRule(Rule)]
internal sealed class ApplicationsModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/loans/applications/";
    public const string ReportRule = "GET /api/v1/admin/loans/report";
    public const string ApproveRule = "POST /api/v1/admin/loans/applications/{applicationId}/approve";
    public const string RejectRule = "POST /api/v1/admin/loans/applications/{applicationId}/reject";
    public const string DisburseRule = "POST /api/v1/admin/loans/applications/{applicationId}/disburse";

    private static readonly string[] Undecided = ["SUBMITTED", "RECOMMENDED"];

    private static readonly ConsoleFilter[] Filters = [new("status", "Status"), new("product_id", "Product"), new("min_age_days", "At least days old"), new("max_age_days", "At most days old")];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public PortfolioReport? Portfolio { get; private set; }

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] LoanTerms terms, [FromServices] ApiRules rules,
        [FromServices] ILedger ledger, [FromServices] LoanReader reader, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var query = new PageQuery(paging.Page, paging.PageSize);
        var page = (await StaffApplicationEndpoints.ListAsync(new ApplicationQuery(ConsolePaging.Text(Request, "status"), ConsolePaging.Text(Request, "product_id"), ConsolePaging.Number(Request, "min_age_days"), ConsolePaging.Number(Request, "max_age_days")), query, Request, User, db, users, terms, cancellationToken)).Value!;
        Table = await ConsoleTable.Of("applications", page, paging, Filters, hide: ["schedule"], links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}" })
            .WithActionsAsync(rules, User,
                new ConsoleAction("approve", "Recommend", ApproveRule, "application_id", null, "status", ["SUBMITTED"]),
                new ConsoleAction("approve", "Approve", ApproveRule, "application_id", null, "status", ["RECOMMENDED"]),
                new ConsoleAction("reject", "Reject", RejectRule, "application_id", [new ConsoleField("reason", "Reason")], "status", Undecided, Danger: true),
                new ConsoleAction("disburse", "Disburse", DisburseRule, "application_id", null, "status", ["APPROVED"], Money: true));
        if (await rules.AllowsAsync(User, ReportRule))
        {
            Portfolio = (await StaffLoanEndpoints.ReportAsync(User, db, users, ledger, reader, terms, cancellationToken)).Value!;
        }
    }

    [ApiRule(ApproveRule)]
    public async Task<IActionResult> OnPostApproveAsync([FromForm] string? key, [FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] ApplicationDecisions decisions,
        [FromServices] LoanTerms terms, CancellationToken cancellationToken)
    {
        var decided = (await StaffApplicationEndpoints.ApproveAsync(key ?? "", User, db, users, decisions, terms, cancellationToken)).Value!;
        return Done($"Application {decided.ApplicationId} is {decided.Status}.");
    }

    [ApiRule(RejectRule)]
    public async Task<IActionResult> OnPostRejectAsync([FromForm] string? key, [FromForm] string? reason, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] ApplicationDecisions decisions, [FromServices] LoanTerms terms, CancellationToken cancellationToken)
    {
        var decided = (await StaffApplicationEndpoints.RejectAsync(key ?? "", new ReasonRequest(reason), User, db, users, decisions, terms, cancellationToken)).Value!;
        return Done($"Application {decided.ApplicationId} is {decided.Status}.");
    }

    [ApiRule(DisburseRule), IdempotentForm]
    public async Task<IActionResult> OnPostDisburseAsync([FromForm] string? key, [FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] ApplicationDecisions decisions,
        [FromServices] Disbursement disbursement, [FromServices] LoanReader reader, CancellationToken cancellationToken)
    {
        var loan = (await StaffApplicationEndpoints.DisburseAsync(key ?? "", User, db, users, decisions, disbursement, reader, cancellationToken)).Value!;
        return Done($"Application {key} disbursed: loan {loan.LoanId}.");
    }

    private LocalRedirectResult Done(string note) => this.BackWith(note);
}
