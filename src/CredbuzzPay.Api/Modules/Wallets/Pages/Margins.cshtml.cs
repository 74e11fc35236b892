using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Wallets.Features;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Wallets.Pages;

/// <summary><c>/admin/margins</c>: the margins in force in reach (the API's wallet/margins/, ?user_code=) and set-margin through the API's handler, whose rules (reach, tier, ceiling) decide.</summary>
[ApiRule(Rule)]
internal sealed class MarginsModel : PageModel
{
    public const string Rule = "GET /api/v1/wallet/margins/";
    public const string SetRule = "POST /api/v1/wallet/set-margin/";

    private static readonly ConsoleFilter[] Filters = [new("user_code", "User")];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    /// <summary>Whether the set form is drawn: staff whose role the API lets set margins (auditors read only).</summary>
    public bool CanSet { get; private set; }

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var page = (await MarginEndpoints.ListAsync(new MarginQuery(ConsolePaging.Text(Request, "user_code")), new PageQuery(paging.Page, paging.PageSize), Request, User, db, users,
            cancellationToken)).Value!;
        Table = ConsoleTable.Of("margins", page, paging, Filters, links: new Dictionary<string, string> { ["user_code"] = "/admin/users/{value}" });
        // The endpoint admits any signed-in caller and decides inside (staff, not auditors, for users in reach); every console user is staff or an auditor.
        CanSet = await rules.AllowsAsync(User, SetRule) && (await users.CallerAsync(db, User, cancellationToken)).Role != Roles.Auditor;
    }

    [ApiRule(SetRule)]
    public async Task<IActionResult> OnPostSetAsync([FromForm] string? userCode, [FromForm] string? operatorCode, [FromForm] string? marginPercent, [FromServices] AppDb db,
        [FromServices] IUserDirectory users, [FromServices] WalletDirectory wallets, [FromServices] IAuditTrail audit, [FromServices] TimeProvider clock, CancellationToken cancellationToken)
    {
        var percent = string.IsNullOrWhiteSpace(marginPercent) ? (JsonElement?)null : JsonSerializer.SerializeToElement(marginPercent.Trim());
        var set = (await MarginEndpoints.SetAsync(new SetMarginRequest(userCode, operatorCode, percent), User, db, users, wallets, audit, clock, cancellationToken)).Value!;
        TempData["done"] = $"Margin of {set.UserCode} for {set.OperatorCode ?? "every operator"} is {set.MarginPercent}%.";
        return LocalRedirect("/admin/margins");
    }
}
