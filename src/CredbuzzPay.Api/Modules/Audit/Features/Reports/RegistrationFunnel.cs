using System.Globalization;
using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Audit.Features.Reports;

public sealed record FunnelStep(string Step, long Count, double? ConversionFromPrevious, double? ConversionFromStart);

public sealed record RegistrationFunnelReport(int Days, IReadOnlyList<FunnelStep> Steps);

/// <summary>
/// <c>reports/registration-funnel?days=30</c>: registrations initiated → contacts verified (user
/// created) → each KYC section submitted → fully verified, for the users who registered in the window,
/// with conversion per step. Built from the audit trail, which keeps every step for good (the
/// registration tables themselves are cleaned up); the steps are counted per distinct user.
/// </summary>
internal static class RegistrationFunnel
{
    private static readonly string[] Sections = ["aadhaar", "pan", "business", "bank"];

    public static void MapRegistrationFunnel(this IEndpointRouteBuilder api) =>
        api.MapGet("/reports/registration-funnel", ReportAsync).RequireStaff(Roles.SuperAdmin, auditorMayRead: true).WithTags("Reports")
            .WithSummary("?days=30: initiated → verified contacts → each KYC section → fully verified, with conversion per step.");

    private static async Task<Ok<RegistrationFunnelReport>> ReportAsync(int? days, AppDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var window = days ?? 30;
        if (window is < 1 or > 366)
        {
            throw ApiProblemException.Validation("days", "A whole number of days from 1 to 366.");
        }
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-window);
        var rows = db.GetTable<AuditRecord>().Where(r => Instants.AtOrAfter(r.OccurredAt, since));
        var cohort = rows.Where(r => r.Action == "user.registered").Select(r => r.TargetId);
        var counts = new List<(string Step, long Count)>
        {
            ("initiated", await rows.LongCountAsync(r => r.Action == "registration.initiated", cancellationToken)),
            ("contacts_verified", await cohort.Distinct().LongCountAsync(cancellationToken)),
        };
        foreach (var section in Sections)
        {
            var marker = $"\"section\":\"{section}\"";
            counts.Add(($"{section}_submitted", await rows
                .Where(r => (r.Action == "kyc.submitted" || r.Action == "kyc.resubmitted") && r.Detail!.Contains(marker) && cohort.Contains(r.TargetId))
                .Select(r => r.TargetId).Distinct().LongCountAsync(cancellationToken)));
        }
        counts.Add(("fully_verified", await rows
            .Where(r => r.Action == "kyc.approved" && r.Detail!.Contains("\"kyc_status\":\"verified\"") && cohort.Contains(r.TargetId))
            .Select(r => r.TargetId).Distinct().LongCountAsync(cancellationToken)));

        var start = counts[0].Count;
        var steps = counts.Select((c, i) => new FunnelStep(c.Step, c.Count,
            i == 0 ? null : Rate(c.Count, counts[i - 1].Count), i == 0 ? null : Rate(c.Count, start))).ToList();
        return TypedResults.Ok(new RegistrationFunnelReport(window, steps));
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);
}
