using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Identity.Pages;

/// <summary><c>/admin/users</c>: the API's user list (admin/users/list_users) with its filters, sorting and paging, the filters in the URL.</summary>
[ApiRule(Rule)]
internal sealed class UsersModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/users/list_users";
    public const string BatchRule = "POST /api/v1/admin/block/batch_block";
    public const string RestoreRule = "POST /api/v1/admin/users/{userCode}/restore";

    [BindProperty(SupportsGet = true, Name = "search")] public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "role")] public string? Role { get; set; }

    [BindProperty(SupportsGet = true, Name = "tier")] public string? Tier { get; set; }

    [BindProperty(SupportsGet = true, Name = "branch")] public string? Branch { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "kyc_status")] public string? KycStatus { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public long Count { get; private set; }

    public IReadOnlyList<UserListItem> Rows { get; private set; } = [];

    public PageRequest Paging { get; private set; } = new(1, PageRequest.DefaultPageSize);

    public bool CanBlock { get; private set; }

    /// <summary>Whether the restore form is drawn (super_admin and above, the API's rule; deleted users are in no list, so it takes a user code).</summary>
    public bool CanRestore { get; private set; }

    public async Task OnGetAsync([FromServices] StaffActions staff, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        Paging = ConsolePaging.Page(HttpContext, PageSize);
        (Count, Rows) = await UserAdminEndpoints.PageAsync(new UserListQuery(Search, Role, Tier, Branch, Status, KycStatus, Sort), Paging, User, staff, cancellationToken);
        CanBlock = await rules.AllowsAsync(User, BatchRule);
        CanRestore = await rules.AllowsAsync(User, RestoreRule);
    }

    [ApiRule(RestoreRule)]
    public async Task<IActionResult> OnPostRestoreAsync([FromForm] string? userCode, [FromServices] StaffActions staff, CancellationToken cancellationToken)
    {
        var restored = (await UserAdminEndpoints.RestoreAsync(userCode ?? "", User, staff, cancellationToken)).Value!;
        TempData["done"] = $"{restored.UserCode} is restored.";
        return LocalRedirect($"/admin/users/{restored.UserCode}");
    }

    public static IReadOnlyList<string> RoleChoices => [Roles.User, Roles.Admin, Roles.Auditor, Roles.SuperAdmin, Roles.MasterSuperadmin];

    public static IReadOnlyList<string> TierChoices => [Tiers.Customer, Tiers.Retailer, Tiers.Distributor];

    public static IReadOnlyList<string> StatusChoices => [UserStatuses.Active, UserStatuses.Blocked, UserStatuses.Suspended];

    public static IReadOnlyList<string> KycChoices => UserAdminEndpoints.KycOverall;

    public static IReadOnlyList<string> SortChoices => UserListQuery.Sorts;
}
