using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Features.Reports;
using CredbuzzPay.Api.Modules.Audit.Features.VerifyChain;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Audit.Pages;

/// <summary>
/// <c>/admin/audit</c>: the API's audit trail (admin/audit/get_audit_trail) with its filters in the URL, the chain
/// check (admin/audit/verify, its own rule) and the CSV/JSONL export (admin/audit/export_logs).
/// </summary>
[ApiRule(Rule)]
internal sealed class TrailModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/audit/get_audit_trail";
    public const string VerifyRule = "GET /api/v1/admin/audit/verify";
    public const string ExportRule = "GET /api/v1/admin/audit/export_logs";

    [BindProperty(SupportsGet = true, Name = "action")] public string? ActionName { get; set; }

    [BindProperty(SupportsGet = true, Name = "user_code")] public string? UserCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "days")] public int? Days { get; set; }

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public long Count { get; private set; }

    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];

    public PageRequest Paging { get; private set; } = new(1, PageRequest.DefaultPageSize);

    public AuditVerification? Verification { get; private set; }

    public bool CanVerify { get; private set; }

    public bool CanExport { get; private set; }

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] TimeProvider clock, [FromServices] ApiRules rules,
        CancellationToken cancellationToken)
    {
        Paging = ConsolePaging.Page(HttpContext, PageSize);
        (Count, Rows) = await AuditEndpoints.TrailPageAsync(new AuditTrailQuery(ActionName, UserCode, null, Days), Paging, User, db, users, clock, cancellationToken);
        CanVerify = await rules.AllowsAsync(User, VerifyRule);
        CanExport = await rules.AllowsAsync(User, ExportRule);
    }

    /// <summary>The chain check: every row's hash against the one before it.</summary>
    [ApiRule(VerifyRule)]
    public async Task OnGetVerifyAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] TimeProvider clock, [FromServices] ApiRules rules,
        [FromServices] AuditChainVerifier verifier, CancellationToken cancellationToken)
    {
        Verification = (await AuditEndpoints.VerifyAsync(verifier, cancellationToken)).Value;
        await OnGetAsync(db, users, clock, rules, cancellationToken);
    }

    /// <summary>The export, streamed by the API's own handler (format, start_date, end_date as there).</summary>
    [ApiRule(ExportRule)]
    public async Task<IActionResult> OnGetExportAsync([FromQuery(Name = "format")] string? format, [FromQuery(Name = "start_date")] string? startDate,
        [FromQuery(Name = "end_date")] string? endDate, [FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] TimeProvider clock,
        CancellationToken cancellationToken)
    {
        await AuditEndpoints.ExportAsync(format, startDate, endDate, HttpContext, User, db, users, clock, cancellationToken);
        return new EmptyResult();
    }

    public static string Short(JsonElement? detail) =>
        detail is null ? "" : detail.Value.GetRawText() is { Length: > 120 } text ? text[..117] + "…" : detail.Value.GetRawText();
}
