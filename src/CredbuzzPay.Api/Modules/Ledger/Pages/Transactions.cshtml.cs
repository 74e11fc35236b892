using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Features.Admin;
using CredbuzzPay.Api.Modules.Ledger.Features.Operations;
using CredbuzzPay.Api.Modules.Ledger.Features.Reviews;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Ledger.Pages;

/// <summary>
/// <c>/admin/transactions</c>: the API's staff list (/api/v1/admin/transactions/) with its filters in the URL; release
/// or reject a debit held for fraud review, and ask for a reversal (maker-checker), each through the API's handler
/// under its rule and each form under its own idempotency key.
/// </summary>
[ApiRule(Rule)]
internal sealed class TransactionsModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/transactions/";
    public const string ReleaseRule = "POST /api/v1/admin/transactions/{transactionId}/release";
    public const string RejectRule = "POST /api/v1/admin/transactions/{transactionId}/reject";
    public const string ReverseRule = "POST /api/v1/admin/transactions/{transactionId}/reverse";

    private static readonly ConsoleFilter[] Filters =
    [
        new("status", "Status", ["PENDING", "PENDING_REVIEW", "COMPLETED", "FAILED", "REVERSED"]),
        new("transaction_type", "Type", ["DEPOSIT", "WITHDRAWAL", "TRANSFER", "PAYMENT", "FEE", "INTEREST", "ADJUSTMENT", "REVERSAL", "RECHARGE", "BILL_PAYMENT"]),
        new("transaction_id", "Transaction"), new("account_number", "Account"), new("user_code", "User"), new("from", "From (yyyy-mm-dd)"), new("to", "To (yyyy-mm-dd)"),
    ];

    private static readonly ConsoleField[] Reason = [new("reason", "Reason")];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var filters = new AdminTransactionQuery(ConsolePaging.Text(Request, "transaction_id"), ConsolePaging.Text(Request, "account_number"), ConsolePaging.Text(Request, "user_code"),
            ConsolePaging.Text(Request, "transaction_type"), ConsolePaging.Text(Request, "status"), ConsolePaging.Text(Request, "from"), ConsolePaging.Text(Request, "to"));
        var page = (await AdminTransactionEndpoints.ListAsync(filters, new PageQuery(paging.Page, paging.PageSize), Request, User, db, users, cancellationToken)).Value!;
        Table = await ConsoleTable.Of("transactions", page, paging, Filters, hide: ["id"])
            .WithActionsAsync(rules, User,
                new ConsoleAction("release", "Release", ReleaseRule, "transaction_id", null, "status", ["PENDING_REVIEW"], Money: true),
                new ConsoleAction("reject", "Reject", RejectRule, "transaction_id", Reason, "status", ["PENDING_REVIEW"], Danger: true, Money: true),
                new ConsoleAction("reverse", "Reverse", ReverseRule, "transaction_id", Reason, "status", ["COMPLETED"], Danger: true, Money: true));
    }

    [ApiRule(ReleaseRule), IdempotentForm]
    public async Task<IActionResult> OnPostReleaseAsync([FromForm] string? key, [FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] FraudReviews reviews,
        CancellationToken cancellationToken)
    {
        var done = (await OperationEndpoints.ReleaseAsync(key ?? "", User, db, users, reviews, cancellationToken)).Value!;
        return Done($"Transaction {done.TransactionId} released: it is {done.Status}.");
    }

    [ApiRule(RejectRule), IdempotentForm]
    public async Task<IActionResult> OnPostRejectAsync([FromForm] string? key, [FromForm] string? reason, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] FraudReviews reviews, CancellationToken cancellationToken)
    {
        var done = (await OperationEndpoints.RejectAsync(key ?? "", new StaffReasonRequest(reason), User, db, users, reviews, cancellationToken)).Value!;
        return Done($"Transaction {done.TransactionId} rejected: it is {done.Status} and its hold is released.");
    }

    [ApiRule(ReverseRule), IdempotentForm]
    public async Task<IActionResult> OnPostReverseAsync([FromForm] string? key, [FromForm] string? reason, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] StaffOperations operations, CancellationToken cancellationToken)
    {
        var approval = (await OperationEndpoints.ReverseAsync(key ?? "", new StaffReasonRequest(reason), User, db, users, operations, cancellationToken)).Value!;
        return Done($"Reversal of {key} asked for ({approval.ApprovalId}): another staff member approves it on Approvals.");
    }

    private LocalRedirectResult Done(string note) => this.BackWith(note);
}
