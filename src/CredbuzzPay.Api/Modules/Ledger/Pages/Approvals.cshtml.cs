using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Features.Approvals;
using CredbuzzPay.Api.Modules.Ledger.Features.Operations;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Ledger.Pages;

/// <summary>
/// <c>/admin/approvals</c>: the maker-checker queue (admin/approvals) with the maker shown, approved or rejected
/// through the API's handlers. A decision moves money once: the request leaves PENDING_APPROVAL in the same
/// transaction, so a second press is at worst the API's 409, never a second movement; and each form carries its
/// own idempotency key, so a form sent twice gets the first sending's outcome.
/// </summary>
[ApiRule(Rule)]
internal sealed class ApprovalsModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/approvals/";
    public const string ApproveRule = "POST /api/v1/admin/approvals/{approvalId}/approve";
    public const string RejectRule = "POST /api/v1/admin/approvals/{approvalId}/reject";

    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")] public string? ActionKind { get; set; }

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public long Count { get; private set; }

    public IReadOnlyList<ApprovalView> Rows { get; private set; } = [];

    public PageRequest Paging { get; private set; } = new(1, PageRequest.DefaultPageSize);

    public bool CanDecide { get; private set; }

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        Paging = ConsolePaging.Page(HttpContext, PageSize);
        (Count, Rows) = await ApprovalEndpoints.PageAsync(new ApprovalQuery(Status ?? "PENDING_APPROVAL", ActionKind), Paging, User, db, users, cancellationToken);
        CanDecide = await rules.AllowsAsync(User, ApproveRule);
    }

    [ApiRule(ApproveRule), IdempotentForm]
    public async Task<IActionResult> OnPostApproveAsync([FromForm] string? approvalId, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] MakerChecker approvals, CancellationToken cancellationToken)
    {
        var decided = (await ApprovalEndpoints.ApproveAsync(approvalId ?? "", User, db, users, approvals, cancellationToken)).Value!;
        TempData["done"] = $"{decided.ApprovalId} approved: {decided.Amount} {decided.Direction?.ToLowerInvariant()} on {decided.AccountNumber} (transaction {decided.TransactionId}).";
        return LocalRedirect("/admin/approvals");
    }

    [ApiRule(RejectRule), IdempotentForm]
    public async Task<IActionResult> OnPostRejectAsync([FromForm] string? approvalId, [FromForm] string? reason, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] MakerChecker approvals, CancellationToken cancellationToken)
    {
        var decided = (await ApprovalEndpoints.RejectAsync(approvalId ?? "", new StaffReasonRequest(reason), User, db, users, approvals, cancellationToken)).Value!;
        TempData["done"] = $"{decided.ApprovalId} rejected; nothing moved.";
        return LocalRedirect("/admin/approvals");
    }
}
