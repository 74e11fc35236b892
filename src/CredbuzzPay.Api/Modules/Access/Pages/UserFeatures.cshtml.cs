using CredbuzzPay.Api.Modules.Access.Contracts;
using CredbuzzPay.Api.Modules.Access.Features;
using CredbuzzPay.Api.Platform.AdminPages;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Access.Pages;

/// <summary><c>/admin/users/{user_code}/features</c>: the API's feature access of one user (users/{code}/feature-access) with grant and revoke through its handler and rule.</summary>
[ApiRule(Rule)]
internal sealed class UserFeaturesModel : PageModel
{
    public const string Rule = "GET /api/v1/users/{userCode}/feature-access";
    public const string ChangeRule = "POST /api/v1/users/{userCode}/feature-access";

    [BindProperty(SupportsGet = true)] public string UserCode { get; set; } = "";

    public FeatureAccessResponse Access { get; private set; } = null!;

    public bool CanChange { get; private set; }

    public async Task OnGetAsync([FromServices] AccessAdmin admin, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        Access = (await FeatureEndpoints.AccessAsync(UserCode, User, admin, cancellationToken)).Value!;
        CanChange = await rules.AllowsAsync(User, ChangeRule);
    }

    [ApiRule(ChangeRule)]
    public async Task<IActionResult> OnPostChangeAsync([FromForm] string? featureCode, [FromForm] string? change, [FromServices] AccessAdmin admin, [FromServices] IFeatureAccess access,
        [FromServices] IValidator<FeatureAccessRequest> validator, CancellationToken cancellationToken)
    {
        var request = new FeatureAccessRequest(featureCode, change);
        await BranchesModel.ValidAsync(validator, request, cancellationToken);
        var answer = (await FeatureEndpoints.ChangeAccessAsync(UserCode, request, User, admin, access, cancellationToken)).Value!;
        TempData["done"] = $"{answer.UserCode}: {featureCode} {(change == "grant" ? "granted" : "revoked")}.";
        return LocalRedirect($"/admin/users/{answer.UserCode}/features");
    }
}
