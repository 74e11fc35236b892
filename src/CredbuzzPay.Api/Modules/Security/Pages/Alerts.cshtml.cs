using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Security.Features;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Security.Pages;

/// <summary>
/// <c>/admin/security</c>: the API's security alerts (filters in the URL) with acknowledge, assign and resolve,
/// and the IP blocklist with block and lift, each through the API's handler under the API's rule.
/// </summary>
[ApiRule(Rule)]
internal sealed class AlertsModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/reports/security/get_security_alerts";

    /// <summary>Acknowledge, assign and resolve are one group with one rule; acknowledge stands for them.</summary>
    public const string ActRule = "POST /api/v1/admin/security/alerts/{alertId:guid}/acknowledge";
    public const string BlocklistRule = "GET /api/v1/admin/security/ip_blocklist";
    public const string BlockRule = "POST /api/v1/admin/security/ip_blocklist";
    public const string UnblockRule = "DELETE /api/v1/admin/security/ip_blocklist/{ipAddress}";

    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "severity")] public string? Severity { get; set; }

    [BindProperty(SupportsGet = true, Name = "days")] public int? Days { get; set; }

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public AlertsReport Report { get; private set; } = null!;

    public PageRequest Paging { get; private set; } = new(1, PageRequest.DefaultPageSize);

    public IReadOnlyList<BlockedIpView> Blocked { get; private set; } = [];

    public bool CanAct { get; private set; }

    public bool CanSeeBlocklist { get; private set; }

    public bool CanBlock { get; private set; }

    public bool CanUnblock { get; private set; }

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] TimeProvider clock, [FromServices] ApiRules rules,
        CancellationToken cancellationToken)
    {
        Paging = ConsolePaging.Page(HttpContext, PageSize);
        Report = (await SecurityEndpoints.AlertsAsync(Days, Status, Severity, new PageQuery(Paging.Page, Paging.PageSize), Request, User, db, users, clock, cancellationToken)).Value!;
        CanAct = await rules.AllowsAsync(User, ActRule);
        CanSeeBlocklist = await rules.AllowsAsync(User, BlocklistRule);
        CanBlock = await rules.AllowsAsync(User, BlockRule);
        CanUnblock = await rules.AllowsAsync(User, UnblockRule);
        if (CanSeeBlocklist)
        {
            Blocked = (await SecurityEndpoints.BlocklistAsync(db, clock, cancellationToken)).Value!;
        }
    }

    [ApiRule(ActRule)]
    public async Task<IActionResult> OnPostActAsync([FromForm] Guid alertId, [FromForm] string? action, [FromForm] string? assignee, [FromForm] string? note,
        [FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] IAuditTrail audit, [FromServices] TimeProvider clock, CancellationToken cancellationToken)
    {
        if (action is not ("acknowledge" or "resolve" or "assign"))
        {
            throw ApiProblemException.Validation("action", "Acknowledge, assign or resolve.");
        }
        var alert = (await SecurityEndpoints.ActOnAlertAsync(alertId, action, new AlertActionRequest(assignee, note), User, db, users, audit, clock, cancellationToken)).Value!;
        TempData["done"] = $"Alert {alert.Kind} is {alert.Status}" + (alert.Assignee is null ? "." : $", assigned to {alert.Assignee}.");
        return LocalRedirect("/admin/security");
    }

    [ApiRule(BlockRule)]
    public async Task<IActionResult> OnPostBlockAsync([FromForm] string? ipAddress, [FromForm] string? reason, [FromForm] int? durationMinutes,
        [FromServices] IValidator<BlockIpRequest> validator, [FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] IAuditTrail audit,
        [FromServices] IpBlocklist blocklist, [FromServices] TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = new BlockIpRequest(ipAddress, reason, durationMinutes);
        var check = await validator.ValidateAsync(request, cancellationToken);
        if (!check.IsValid)
        {
            throw ApiProblemException.Invalid(check.Errors);
        }
        var blocked = (await SecurityEndpoints.BlockAsync(request, User, db, users, audit, blocklist, clock, cancellationToken)).Value!;
        TempData["done"] = $"{blocked.IpAddress} is blocked.";
        return LocalRedirect("/admin/security");
    }

    [ApiRule(UnblockRule)]
    public async Task<IActionResult> OnPostUnblockAsync([FromForm] string? ipAddress, [FromServices] AppDb db, [FromServices] IUserDirectory users,
        [FromServices] IAuditTrail audit, [FromServices] IpBlocklist blocklist, CancellationToken cancellationToken)
    {
        await SecurityEndpoints.UnblockAsync(ipAddress ?? "", User, db, users, audit, blocklist, cancellationToken);
        TempData["done"] = $"{ipAddress} is no longer blocked.";
        return LocalRedirect("/admin/security");
    }
}
