using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Review;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CredbuzzPay.Api.Modules.Kyc.Pages;

/// <summary><c>/admin/kyc</c>: the API's review queue (admin/kyc/queue), oldest first, filtered by section, status, branch and age, the filters in the URL.</summary>
[ApiRule(Rule)]
internal sealed class QueueModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/kyc/queue";

    [BindProperty(SupportsGet = true, Name = "section")] public string? Section { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "branch")] public string? Branch { get; set; }

    [BindProperty(SupportsGet = true, Name = "age_days")] public int? AgeDays { get; set; }

    [BindProperty(SupportsGet = true, Name = "page_size")] public int? PageSize { get; set; }

    public long Count { get; private set; }

    public IReadOnlyList<QueueEntry> Entries { get; private set; } = [];

    public PageRequest Paging { get; private set; } = new(1, PageRequest.DefaultPageSize);

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] IUserDirectory users, [FromServices] TimeProvider clock, CancellationToken cancellationToken)
    {
        Paging = ConsolePaging.Page(HttpContext, PageSize);
        (Count, Entries) = await ReviewEndpoints.QueuePageAsync(new QueueQuery(Section, Status, Branch, AgeDays), Paging, User, db, users, clock, cancellationToken);
    }

    public static IReadOnlyList<string> Sections => KycSections.All;

    public static IReadOnlyList<string> Statuses => [KycStatuses.Pending, KycStatuses.Verified, KycStatuses.Rejected, KycStatuses.ResubmissionRequested];
}
