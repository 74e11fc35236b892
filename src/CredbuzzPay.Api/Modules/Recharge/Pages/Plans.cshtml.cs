using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Features.Plans;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Recharge.Pages;

/// <summary><c>/admin/plans</c>: the API's plan catalogue (/api/v1/plans/, its filters in the URL) with create and deactivate through its handlers and rules (admins and above).</summary>
[ApiRule(Rule)]
internal sealed class PlansModel : PageModel
{
    public const string Rule = "GET /api/v1/plans/";
    public const string CreateRule = "POST /api/v1/plans/";
    public const string DeactivateRule = "DELETE /api/v1/plans/{id}/";

    private static readonly ConsoleFilter[] Filters =
    [
        new("operator", "Operator"), new("circle", "Circle"), new("plan_type", "Type", ["prepaid", "data", "topup", "dth"]), new("min_price", "Min price"), new("max_price", "Max price"),
        new("search", "Search"),
    ];

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public ConsoleTable Table { get; private set; } = null!;

    public bool CanCreate { get; private set; }

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        var paging = ConsolePaging.Page(HttpContext, PageSize);
        var filters = new PlanQuery(ConsolePaging.Text(Request, "operator"), ConsolePaging.Text(Request, "circle"), ConsolePaging.Text(Request, "plan_type"),
            ConsolePaging.Text(Request, "min_price"), ConsolePaging.Text(Request, "max_price"), ConsolePaging.Text(Request, "search"));
        var page = (await PlanEndpoints.ListAsync(filters, new PageQuery(paging.Page, paging.PageSize), Request, db, cancellationToken)).Value!;
        Table = await ConsoleTable.Of("plans", page, paging, Filters)
            .WithActionsAsync(rules, User, new ConsoleAction("deactivate", "Deactivate", DeactivateRule, "id", Danger: true));
        CanCreate = await rules.AllowsAsync(User, CreateRule);
    }

    [ApiRule(CreateRule)]
    public async Task<IActionResult> OnPostCreateAsync([FromForm] string? operatorCode, [FromForm] string? circleCode, [FromForm] string? planType, [FromForm] string? price,
        [FromForm] int? validityDays, [FromForm] string? data, [FromForm] string? talktime, [FromForm] string? description, [FromServices] AppDb db, [FromServices] IAuditTrail audit,
        [FromServices] TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = new PlanRequest(Empty(operatorCode), Empty(circleCode), Empty(planType), Amount(price), validityDays, Empty(data), Amount(talktime), Empty(description));
        var plan = (await PlanEndpoints.CreateAsync(request, User, db, audit, clock, cancellationToken)).Value!;
        TempData["done"] = $"Plan {plan.OperatorCode} {plan.PlanType} ₹{plan.Price} created.";
        return LocalRedirect("/admin/plans");
    }

    [ApiRule(DeactivateRule)]
    public async Task<IActionResult> OnPostDeactivateAsync([FromForm] string? key, [FromServices] AppDb db, [FromServices] IAuditTrail audit, [FromServices] TimeProvider clock,
        CancellationToken cancellationToken)
    {
        await PlanEndpoints.DeactivateAsync(key ?? "", User, db, audit, clock, cancellationToken);
        return this.BackWith("Plan deactivated (kept for the purchases that name it).");
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A rupee amount as the API's JSON carries it (a decimal string), or absent.</summary>
    private static JsonElement? Amount(string? value) => Empty(value) is { } text ? JsonSerializer.SerializeToElement(text) : null;
}
