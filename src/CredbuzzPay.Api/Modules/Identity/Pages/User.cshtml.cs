using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Errors;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Identity.Pages;

/// <summary>
/// <c>/admin/users/{user_code}</c>: the API's user details (admin/users/get_user) with the person's sessions and
/// sign-in history, and the actions the caller's role may take, each through the API's own handler and rule.
/// </summary>
[ApiRule("GET /api/v1/admin/users/get_user/{userCode}")]
internal sealed class UserModel : PageModel
{
    public const string BlockRule = "POST /api/v1/admin/block/block_user";
    public const string UnblockRule = "POST /api/v1/admin/block/unblock_user";
    public const string RoleRule = "POST /api/v1/admin/roles/change_role";
    public const string PlatformRule = "POST /api/v1/users/{userCode}/platform-access";
    public const string DeleteRule = "DELETE /api/v1/admin/users/{userCode}";
    public const string ActivationRule = "POST /api/v1/admin/users/{userCode}/send_activation";

    [BindProperty(SupportsGet = true)] public string UserCode { get; set; } = "";

    [BindProperty] public string? Reason { get; set; }

    [BindProperty] public int? DurationDays { get; set; }

    public UserDetail Detail { get; private set; } = null!;

    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];

    public IReadOnlyList<LoginActivity> Activity { get; private set; } = [];

    /// <summary>Whether the caller may block or unblock this person: the API's rule for the action and the hierarchy's for the person.</summary>
    public bool CanBlock { get; private set; }

    public bool CanUnblock { get; private set; }

    public bool CanChangeRole { get; private set; }

    public bool CanChangePlatforms { get; private set; }

    public bool CanDelete { get; private set; }

    /// <summary>Whether a new activation code may be sent: the API's rule, the hierarchy, and a person who has never signed in.</summary>
    public bool CanSendActivation { get; private set; }

    public IReadOnlyList<PlatformAccessView> PlatformAccess { get; private set; } = [];

    /// <summary>The roles the caller may give (the hierarchy's rule, as the API applies it).</summary>
    public IReadOnlyList<string> GrantableRoles { get; private set; } = [];

    public async Task OnGetAsync([FromServices] StaffActions staff, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(User, cancellationToken);
        var target = await staff.TargetAsync(actor, UserCode, manage: false, cancellationToken);
        Detail = await UserAdminEndpoints.DetailAsync(staff, target, cancellationToken);
        Sessions = await staff.Db.GetTable<UserSession>().Where(s => s.UserId == target.Id).OrderByDescending(s => s.CreatedAt).Take(10).ToListAsync(cancellationToken);
        Activity = await staff.Db.GetTable<LoginActivity>().Where(a => a.UserId == target.Id).OrderByDescending(a => a.OccurredAt).Take(20).ToListAsync(cancellationToken);
        var manages = Hierarchy.CanManage(actor, StaffActions.Summary(target));
        CanBlock = manages && target.Status != UserStatuses.Blocked && await rules.AllowsAsync(User, BlockRule);
        CanUnblock = manages && target.Status == UserStatuses.Blocked && await rules.AllowsAsync(User, UnblockRule);
        CanChangeRole = manages && await rules.AllowsAsync(User, RoleRule);
        CanChangePlatforms = manages && await rules.AllowsAsync(User, PlatformRule);
        CanDelete = manages && await rules.AllowsAsync(User, DeleteRule);
        CanSendActivation = manages && target.LastLoginAt is null && target.Status == UserStatuses.Active && await rules.AllowsAsync(User, ActivationRule);
        PlatformAccess = await PlatformAccessEndpoints.ViewsAsync(staff, target.Id, cancellationToken);
        GrantableRoles = new[] { Roles.User, Roles.Auditor, Roles.Admin, Roles.SuperAdmin }.Where(r => Hierarchy.CanGrant(actor, r) && r != target.Role).ToList();
    }

    [ApiRule(RoleRule)]
    public async Task<IActionResult> OnPostRoleAsync([FromForm] string? newRole, [FromServices] StaffActions staff, [FromServices] SessionStore sessions,
        CancellationToken cancellationToken)
    {
        var answer = (await RoleEndpoints.ChangeAsync(UserCode, newRole, User, staff, sessions, cancellationToken)).Value!;
        TempData["done"] = $"{answer.UserCode}: {answer.PreviousRole} → {answer.NewRole}; their sessions ended.";
        return LocalRedirect($"/admin/users/{answer.UserCode}");
    }

    [ApiRule(PlatformRule)]
    public async Task<IActionResult> OnPostPlatformAsync([FromForm] string? platform, [FromForm] string? change, [FromServices] StaffActions staff,
        [FromServices] SessionStore sessions, [FromServices] IValidator<AccessChangeRequest> validator, CancellationToken cancellationToken)
    {
        var request = new AccessChangeRequest(platform, change);
        var check = await validator.ValidateAsync(request, cancellationToken);
        if (!check.IsValid)
        {
            throw ApiProblemException.Invalid(check.Errors);
        }
        await PlatformAccessEndpoints.ChangeAsync(UserCode, request, User, staff, sessions, cancellationToken);
        TempData["done"] = $"{UserCode.ToUpperInvariant()}: {platform} {(change == "grant" ? "granted" : "revoked")}.";
        return LocalRedirect($"/admin/users/{UserCode.ToUpperInvariant()}");
    }

    [ApiRule(DeleteRule)]
    public async Task<IActionResult> OnPostDeleteAsync([FromServices] StaffActions staff, [FromServices] SessionStore sessions, CancellationToken cancellationToken)
    {
        await UserAdminEndpoints.DeleteAsync(UserCode, User, staff, sessions, cancellationToken);
        TempData["done"] = $"{UserCode.ToUpperInvariant()} was deleted (soft: history kept; a super_admin can restore them).";
        return LocalRedirect("/admin/users");
    }

    [ApiRule(ActivationRule)]
    public async Task<IActionResult> OnPostActivationAsync([FromServices] StaffActions staff, [FromServices] Otp.OtpService otp, [FromServices] Platform.Notifications.IOutbox outbox,
        CancellationToken cancellationToken)
    {
        var sent = (await ActivationEndpoints.SendAsync(UserCode, User, staff, otp, outbox, cancellationToken)).Value!;
        TempData["done"] = $"{sent.UserCode}: {sent.Message}";
        return LocalRedirect($"/admin/users/{sent.UserCode}");
    }

    [ApiRule(BlockRule)]
    public async Task<IActionResult> OnPostBlockAsync([FromServices] StaffActions staff, [FromServices] SessionStore sessions, [FromServices] IValidator<BlockRequest> validator,
        CancellationToken cancellationToken)
    {
        var request = new BlockRequest(UserCode, Reason, DurationDays);
        var check = await validator.ValidateAsync(request, cancellationToken);
        if (!check.IsValid)
        {
            throw ApiProblemException.Invalid(check.Errors);
        }
        var answer = (await UserBlocks.BlockAsync(request, User, staff, sessions, cancellationToken)).Value!;
        TempData["done"] = $"{answer.UserCode} is blocked" + (answer.BlockedUntil is { } until ? $" until {until:yyyy-MM-dd HH:mm} UTC" : "") + $"; {answer.SessionsEnded} session(s) ended.";
        return LocalRedirect($"/admin/users/{answer.UserCode}");
    }

    [ApiRule(UnblockRule)]
    public async Task<IActionResult> OnPostUnblockAsync([FromServices] StaffActions staff, CancellationToken cancellationToken)
    {
        var answer = (await UserBlocks.UnblockAsync(new UnblockRequest(UserCode), User, staff, cancellationToken)).Value!;
        TempData["done"] = $"{answer.UserCode} is unblocked.";
        return LocalRedirect($"/admin/users/{answer.UserCode}");
    }
}
