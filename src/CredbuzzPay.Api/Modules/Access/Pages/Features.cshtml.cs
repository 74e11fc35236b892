using CredbuzzPay.Api.Modules.Access.Features;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Http;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Access.Pages;

/// <summary><c>/admin/features</c>: the API's features with create, activate/deactivate, granted-by-default, delete and restore through its handlers and rules.</summary>
[ApiRule(Rule)]
internal sealed class FeaturesModel : PageModel
{
    public const string Rule = "GET /api/v1/features/";
    public const string CreateRule = "POST /api/v1/features/";
    public const string UpdateRule = "PUT /api/v1/features/{featureCode}";
    public const string DeleteRule = "DELETE /api/v1/features/{featureCode}";
    public const string RestoreRule = "POST /api/v1/features/{featureCode}/restore";

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public Paged<FeatureView> Features { get; private set; } = new(0, null, null, []);

    public PageRequest Paging { get; private set; } = new(1, PageRequest.DefaultPageSize);

    public bool CanChange { get; private set; }

    public async Task OnGetAsync([FromServices] AccessAdmin admin, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        Paging = ConsolePaging.Page(HttpContext, PageSize);
        Features = (await FeatureEndpoints.ListAsync(new PageQuery(Paging.Page, Paging.PageSize), Request, admin, cancellationToken)).Value!;
        CanChange = await rules.AllowsAsync(User, CreateRule);
    }

    [ApiRule(CreateRule)]
    public async Task<IActionResult> OnPostCreateAsync([FromForm] string? featureCode, [FromForm] string? name, [FromForm] string? description, [FromForm] bool grantedByDefault,
        [FromServices] IValidator<FeatureRequest> validator, [FromServices] AccessAdmin admin, CancellationToken cancellationToken)
    {
        var request = new FeatureRequest(featureCode, name, string.IsNullOrWhiteSpace(description) ? null : description.Trim(), true, grantedByDefault);
        await BranchesModel.ValidAsync(validator, request, cancellationToken);
        var feature = (await FeatureEndpoints.CreateAsync(request, User, admin, cancellationToken)).Value!;
        TempData["done"] = $"Feature {feature.FeatureCode} created.";
        return LocalRedirect("/admin/features");
    }

    [ApiRule(UpdateRule)]
    public async Task<IActionResult> OnPostUpdateAsync([FromForm] string? featureCode, [FromForm] bool? active, [FromForm] bool? grantedByDefault,
        [FromServices] IValidator<FeatureRequest> validator, [FromServices] AccessAdmin admin, CancellationToken cancellationToken)
    {
        var request = new FeatureRequest(null, null, null, active, grantedByDefault);
        await BranchesModel.ValidAsync(validator, request, cancellationToken);
        var feature = (await FeatureEndpoints.UpdateAsync(featureCode ?? "", request, User, admin, cancellationToken)).Value!;
        TempData["done"] = $"Feature {feature.FeatureCode}: {(feature.Active ? "active" : "inactive")}, {(feature.GrantedByDefault ? "granted" : "not granted")} by default.";
        return LocalRedirect("/admin/features");
    }

    [ApiRule(DeleteRule)]
    public async Task<IActionResult> OnPostDeleteAsync([FromForm] string? featureCode, [FromServices] AccessAdmin admin, CancellationToken cancellationToken)
    {
        await FeatureEndpoints.DeleteAsync(featureCode ?? "", User, admin, cancellationToken);
        TempData["done"] = $"Feature {featureCode} deleted (it can be restored).";
        return LocalRedirect("/admin/features");
    }

    [ApiRule(RestoreRule)]
    public async Task<IActionResult> OnPostRestoreAsync([FromForm] string? featureCode, [FromServices] AccessAdmin admin, CancellationToken cancellationToken)
    {
        var feature = (await FeatureEndpoints.RestoreAsync(featureCode ?? "", User, admin, cancellationToken)).Value!;
        TempData["done"] = $"Feature {feature.FeatureCode} restored.";
        return LocalRedirect("/admin/features");
    }
}
