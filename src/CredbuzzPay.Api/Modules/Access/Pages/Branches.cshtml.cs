using CredbuzzPay.Api.Modules.Access.Features;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Access.Pages;

/// <summary><c>/admin/branches</c>: the API's branches (search, active, paging) with create, activate/deactivate, delete and restore through its handlers and rules.</summary>
[ApiRule(Rule)]
internal sealed class BranchesModel : PageModel
{
    public const string Rule = "GET /api/v1/branches/";
    public const string CreateRule = "POST /api/v1/branches/";
    public const string UpdateRule = "PUT /api/v1/branches/{branchCode}";
    public const string DeleteRule = "DELETE /api/v1/branches/{branchCode}";
    public const string RestoreRule = "POST /api/v1/branches/{branchCode}/restore";

    [BindProperty(SupportsGet = true, Name = "search")] public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "active")] public bool? Active { get; set; }

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public Paged<BranchView> Branches { get; private set; } = new(0, null, null, []);

    public PageRequest Paging { get; private set; } = new(1, PageRequest.DefaultPageSize);

    /// <summary>Whether the caller may change branches (one rule covers create, change, delete and restore: super_admin and above).</summary>
    public bool CanChange { get; private set; }

    public async Task OnGetAsync([FromServices] AccessAdmin admin, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        Paging = ConsolePaging.Page(HttpContext, PageSize);
        Branches = (await BranchEndpoints.ListAsync(Search, Active, new PageQuery(Paging.Page, Paging.PageSize), Request, User, admin, cancellationToken)).Value!;
        CanChange = await rules.AllowsAsync(User, CreateRule);
    }

    [ApiRule(CreateRule)]
    public async Task<IActionResult> OnPostCreateAsync([FromForm] string? branchCode, [FromForm] string? name, [FromForm] string? city, [FromForm] string? state,
        [FromForm] string? pincode, [FromServices] IValidator<BranchRequest> validator, [FromServices] AccessAdmin admin, CancellationToken cancellationToken)
    {
        var request = new BranchRequest(branchCode, name, null, Empty(city), Empty(state), Empty(pincode), true);
        await ValidAsync(validator, request, cancellationToken);
        var branch = (await BranchEndpoints.CreateAsync(request, User, admin, cancellationToken)).Value!;
        TempData["done"] = $"Branch {branch.BranchCode} created.";
        return LocalRedirect("/admin/branches");
    }

    [ApiRule(UpdateRule)]
    public async Task<IActionResult> OnPostActiveAsync([FromForm] string? branchCode, [FromForm] bool active, [FromServices] IValidator<BranchRequest> validator,
        [FromServices] AccessAdmin admin, CancellationToken cancellationToken)
    {
        var request = new BranchRequest(null, null, null, null, null, null, active);
        await ValidAsync(validator, request, cancellationToken);
        var branch = (await BranchEndpoints.UpdateAsync(branchCode ?? "", request, User, admin, cancellationToken)).Value!;
        TempData["done"] = $"Branch {branch.BranchCode} is {(branch.Active ? "active" : "inactive")}.";
        return LocalRedirect("/admin/branches");
    }

    [ApiRule(DeleteRule)]
    public async Task<IActionResult> OnPostDeleteAsync([FromForm] string? branchCode, [FromServices] AccessAdmin admin, [FromServices] IUserDirectory users,
        CancellationToken cancellationToken)
    {
        await BranchEndpoints.DeleteAsync(branchCode ?? "", User, admin, users, cancellationToken);
        TempData["done"] = $"Branch {branchCode} deleted (it can be restored).";
        return LocalRedirect("/admin/branches");
    }

    [ApiRule(RestoreRule)]
    public async Task<IActionResult> OnPostRestoreAsync([FromForm] string? branchCode, [FromServices] AccessAdmin admin, CancellationToken cancellationToken)
    {
        var branch = (await BranchEndpoints.RestoreAsync(branchCode ?? "", User, admin, cancellationToken)).Value!;
        TempData["done"] = $"Branch {branch.BranchCode} restored.";
        return LocalRedirect("/admin/branches");
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static async Task ValidAsync<T>(IValidator<T> validator, T request, CancellationToken cancellationToken)
    {
        var check = await validator.ValidateAsync(request, cancellationToken);
        if (!check.IsValid)
        {
            throw ApiProblemException.Invalid(check.Errors);
        }
    }
}
