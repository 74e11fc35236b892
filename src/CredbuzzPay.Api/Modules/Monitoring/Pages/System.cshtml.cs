using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Metrics;
using CredbuzzPay.Api.Platform.Notifications;
using CredbuzzPay.Api.Platform.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Monitoring.Pages;

/// <summary><c>/admin/system</c>: the API's system health (admin/system/health) and this node's request figures (admin/system/api_statistics) of the last 24 hours.</summary>
[ApiRule(Rule)]
internal sealed class SystemModel : PageModel
{
    public const string Rule = "GET /api/v1/admin/system/health";
    public const string StatisticsRule = "GET /api/v1/admin/system/api_statistics";

    public SystemHealth Health { get; private set; } = null!;

    public RequestSummary? Requests { get; private set; }

    public async Task OnGetAsync([FromServices] AppDb db, [FromServices] OutboxMonitor outbox, [FromServices] RequestMetrics metrics, [FromServices] IOptions<StorageOptions> storage,
        [FromServices] TimeProvider clock, [FromServices] ApiRules rules, CancellationToken cancellationToken)
    {
        Health = (await SystemEndpoints.HealthAsync(db, outbox, metrics, HttpContext.RequestServices, storage, clock, cancellationToken)).Value!;
        if (await rules.AllowsAsync(User, StatisticsRule))
        {
            Requests = SystemEndpoints.Statistics(24, metrics, clock).Value;
        }
    }

    public static string Bytes(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.0} GiB" : $"{bytes / (double)(1L << 20):0.0} MiB";
}
