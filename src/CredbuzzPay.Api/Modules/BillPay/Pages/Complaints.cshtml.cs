using CredbuzzPay.Api.Modules.BillPay.Features.Payments;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.BillPay.Pages;

/// <summary>
/// <c>/admin/bills/complaints</c>: the API's list (/api/v1/admin/bills/complaints/) with its filters in the URL; resolve an
/// open complaint as refunded (the payment's compensating entry) or as credited by the biller (nothing moves), with a
/// note, through the API's handler under its rule and an idempotency key.
/// </summary>
[ApiRule(Rule)]
internal sealed class ComplaintsModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/bills/complaints/";
    public const string ResolveRule = "POST /api/v1/admin/bills/complaints/{complaintId}/resolve";

    private static readonly ConsoleField[] Note = [new("note", "Note")];

    private static readonly ConsoleFilter[] Filters = [new("status", "Status", ["OPEN", "RESOLVED"])];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var query = new PageQuery(paging.Page, paging.PageSize);
        var page = (await ComplaintEndpoints.ListAsync(ConsolePaging.Text(Request, "status"), query, Request, User, db, users, cancellationToken)).Value!;
        Table = await ConsoleTable.Of("complaints", page, paging, Filters, links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}" })
            .WithActionsAsync(rules, User,
                new ConsoleAction("refund", "Refund", ResolveRule, "complaint_id", Note, "status", ["OPEN"], Danger: true, Money: true),
                new ConsoleAction("credited", "Biller credited", ResolveRule, "complaint_id", Note, "status", ["OPEN"], Money: true));
    }

    [ApiRule(ResolveRule), IdempotentForm]
    public Task<IActionResult> OnPostRefundAsync([FromForm] string? key, [FromForm] string? note, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] ILedger ledger, [FromServices] IAuditTrail audit, [FromServices] BillPayTerms terms, CancellationToken cancellationToken) =>
        ResolveAsync(key, "refund", note, db, users, ledger, audit, terms, cancellationToken);

    [ApiRule(ResolveRule), IdempotentForm]
    public Task<IActionResult> OnPostCreditedAsync([FromForm] string? key, [FromForm] string? note, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] ILedger ledger, [FromServices] IAuditTrail audit, [FromServices] BillPayTerms terms, CancellationToken cancellationToken) =>
        ResolveAsync(key, "credited", note, db, users, ledger, audit, terms, cancellationToken);

    private async Task<IActionResult> ResolveAsync(string? key, string outcome, string? note, AppDb db, IUserDirectory users, ILedger ledger, IAuditTrail audit, BillPayTerms terms,
        CancellationToken cancellationToken)
    {
        var done = (await ComplaintEndpoints.ResolveAsync(key ?? "", new ResolveComplaintRequest(outcome, note), User, db, users, ledger, audit, terms, cancellationToken)).Value!;
        return this.BackWith($"Complaint {done.ComplaintId} is {done.Status} ({done.Outcome}).");
    }
}
