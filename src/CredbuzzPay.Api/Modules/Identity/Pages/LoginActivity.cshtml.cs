using CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Identity.Pages;

/// <summary><c>/admin/login-activity</c>: every sign-in attempt in the caller's reach, newest first, by result, user and window (the login-activity reports' rule).</summary>
[ApiRule(Rule)]
internal sealed class LoginActivityModel : PageModel
{
    public const string Rule = "GET /api/v1/login-activity/get_failed_login_attempts";

    [BindProperty(SupportsGet = true, Name = "result")] public string? Result { get; set; }

    [BindProperty(SupportsGet = true, Name = "user_code")] public string? UserCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "days")] public int? Days { get; set; }

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public long Count { get; private set; }

    public IReadOnlyList<StaffLoginEntry> Rows { get; private set; } = [];

    public PageRequest Paging { get; private set; } = new(1, PageRequest.DefaultPageSize);

    public async Task OnGetAsync([FromServices] StaffActions staff, CancellationToken cancellationToken)
    {
        Paging = ConsolePaging.Page(HttpContext, PageSize);
        (Count, Rows) = await LoginActivityReports.AttemptsPageAsync(Days, Result, UserCode, Paging, User, staff, cancellationToken);
    }
}
