using CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Identity.Pages;

/// <summary>
/// <c>/admin/users/bulk-block</c>: the users ticked in the list, named one by one on a confirmation page, then
/// blocked together through the API's batch_block (all or none: one out of the caller's reach refuses the batch).
/// </summary>
[ApiRule(UsersModel.BatchRule)]
internal sealed class BulkBlockModel : PageModel
{
    [BindProperty] public List<string> Codes { get; set; } = [];

    [BindProperty] public string? Reason { get; set; }

    [BindProperty] public int? DurationDays { get; set; }

    public IReadOnlyList<Data.UserAccount> Targets { get; private set; } = [];

    public IActionResult OnGet() => LocalRedirect("/admin/users");

    /// <summary>From the list: shows whom the block would touch; changes nothing.</summary>
    public async Task<IActionResult> OnPostAsync([FromServices] StaffActions staff, CancellationToken cancellationToken)
    {
        var codes = Codes.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().ToList();
        if (codes.Count is 0 or > 100)
        {
            throw ApiProblemException.Validation("user_codes", "Tick 1 to 100 users in the list.");
        }
        var actor = await staff.ActorAsync(User, cancellationToken);
        var targets = new List<Data.UserAccount>();
        foreach (var code in codes)
        {
            targets.Add(await staff.TargetAsync(actor, code, manage: true, cancellationToken));
        }
        Targets = targets;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync([FromServices] StaffActions staff, [FromServices] SessionStore sessions, [FromServices] IValidator<BatchBlockRequest> validator,
        CancellationToken cancellationToken)
    {
        var request = new BatchBlockRequest(Codes, Reason, DurationDays);
        var check = await validator.ValidateAsync(request, cancellationToken);
        if (!check.IsValid)
        {
            throw ApiProblemException.Invalid(check.Errors);
        }
        var answer = (await UserBlocks.BatchAsync(request, User, staff, sessions, cancellationToken)).Value!;
        TempData["done"] = $"{answer.BlockedCount} user(s) blocked: {string.Join(", ", answer.BlockedUsers)}.";
        return LocalRedirect("/admin/users");
    }
}
