using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Documents;
using CredbuzzPay.Api.Modules.Kyc.Features;
using CredbuzzPay.Api.Modules.Kyc.Review;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Kyc.Pages;

/// <summary>
/// <c>/admin/kyc/{user_code}</c>: the API's case view (admin/kyc/{user_code}): every section's fields beside its
/// documents, the cross-checks with mismatches marked, earlier versions, and the three decisions on a pending
/// section through the API's handler. <kbd>n</kbd> opens the next case in the queue, <kbd>q</kbd> the queue.
/// </summary>
[ApiRule(Rule)]
internal sealed class CaseModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/kyc/{userCode}";

    /// <summary>The three decisions are one group of endpoints with one rule; the approve endpoint stands for them.</summary>
    public const string DecideRule = "POST /api/v1/admin/kyc/{userCode}/{section}/approve";

    private static readonly string[] Hidden = ["id", "section", "status", "documents"];

    [BindProperty(SupportsGet = true)] public string UserCode { get; set; } = "";

    [BindProperty] public string? Section { get; set; }

    [BindProperty] public string? Decision { get; set; }

    [BindProperty] public string? Reason { get; set; }

    public KycReviewView Case { get; private set; } = null!;

    public string? NextCase { get; private set; }

    public bool CanDecide { get; private set; }

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] KycStore store, [FromServices] IOptions<KycOptions> options,
        [FromServices] TimeProvider clock, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        Case = await ReviewEndpoints.CaseAsync(UserCode, User, db, users, store, options, cancellationToken);
        var (_, next) = await ReviewEndpoints.QueuePageAsync(new QueueQuery(null, null, null, null), new PageRequest(1, 2), User, db, users, clock, cancellationToken);
        NextCase = next.Select(e => e.UserCode).FirstOrDefault(c => c != Case.User.UserCode);
        CanDecide = await rules.AllowsAsync(User, DecideRule);
    }

    [ApiRule(DecideRule)]
    public async Task<IActionResult> OnPostDecideAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] ReviewDecisions handler,
        [FromServices] IValidator<ReviewRequest> validator, CancellationToken cancellationToken)
    {
        if (Decision is not (ReviewDecision.Approve or ReviewDecision.Reject or ReviewDecision.RequestResubmission))
        {
            throw ApiProblemException.Validation("decision", "Approve, reject or request resubmission.");
        }
        var request = new ReviewRequest(string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim());
        var check = await validator.ValidateAsync(request, cancellationToken);
        if (!check.IsValid)
        {
            throw ApiProblemException.Invalid(check.Errors);
        }
        var staff = await ReviewEndpoints.StaffAsync(User, users, db, cancellationToken);
        var answer = await handler.DecideAsync(staff, UserCode, Section ?? "", Decision, request.Reason, cancellationToken);
        TempData["done"] = $"{KycStore.Label(answer.Section)} of {answer.UserCode}: {answer.PreviousStatus} → {answer.Status}. Overall KYC: {answer.KycStatus}.";
        return LocalRedirect($"/admin/kyc/{answer.UserCode}");
    }

    /// <summary>A section's fields to show: everything but its id, status and documents, in the order the API gives them.</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Fields(Dictionary<string, object?> section) => section.Where(f => !Hidden.Contains(f.Key));

    public static IReadOnlyList<DocumentView> Documents(Dictionary<string, object?> section) =>
        section.TryGetValue("documents", out var documents) && documents is IReadOnlyList<DocumentView> list ? list : [];

    public static string Show(object? value) => value switch
    {
        null => "—",
        DateTime at => at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC",
        bool b => b ? "yes" : "no",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "—",
    };

    public static string Label(string section) => KycStore.Label(section);
}
