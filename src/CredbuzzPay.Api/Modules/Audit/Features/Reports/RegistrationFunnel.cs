using CredbuzzPay.Api.Modules.Audit;
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
/// created) → each KYC section submitted → fully verified, for the users who registered in the last
/// <c>days</c> UTC days (today included), with conversion per step. Read from what the audit trail
/// keeps as rows are appended (<see cref="AuditCounters"/>): the daily count of initiated registrations
/// and one funnel row per registrant, because the registration tables themselves are cleaned up.
/// </summary>
internal static class RegistrationFunnel
{
    public static void MapRegistrationFunnel(this IEndpointRouteBuilder api) =>
        api.MapGet("/reports/registration-funnel", ReportAsync).RequireStaff(Roles.SuperAdmin, auditorMayRead: true).WithTags("Reports")
            .WithSummary("?days=30 (UTC days, today included): initiated → verified contacts → each KYC section → fully verified, with conversion per step.");

    private static async Task<Ok<RegistrationFunnelReport>> ReportAsync(int? days, AppDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var window = days ?? 30;
        if (window is < 1 or > 366)
        {
            throw ApiProblemException.Validation("days", "A whole number of days from 1 to 366.");
        }
        var since = Instants.StartOfLastDays(clock.GetUtcNow().UtcDateTime, window);
        var cohort = db.GetTable<RegistrationFunnelRow>().Where(f => Instants.AtOrAfter(f.RegisteredAt, since));
        var initiated = await db.GetTable<AuditDailyCount>().Where(c => c.Action == "registration.initiated" && Instants.AtOrAfter(c.Day, since))
            .SumAsync(c => (long?)c.Events, cancellationToken) ?? 0;
        var counts = new List<(string Step, long Count)>
        {
            ("initiated", initiated),
            ("contacts_verified", await cohort.LongCountAsync(cancellationToken)),
            ("aadhaar_submitted", await cohort.LongCountAsync(f => f.AadhaarAt != null, cancellationToken)),
            ("pan_submitted", await cohort.LongCountAsync(f => f.PanAt != null, cancellationToken)),
            ("business_submitted", await cohort.LongCountAsync(f => f.BusinessAt != null, cancellationToken)),
            ("bank_submitted", await cohort.LongCountAsync(f => f.BankAt != null, cancellationToken)),
            ("fully_verified", await cohort.LongCountAsync(f => f.VerifiedAt != null, cancellationToken)),
        };

        var start = counts[0].Count;
        var steps = counts.Select((c, i) => new FunnelStep(c.Step, c.Count,
            i == 0 ? null : Rate(c.Count, counts[i - 1].Count), i == 0 ? null : Rate(c.Count, start))).ToList();
        return TypedResults.Ok(new RegistrationFunnelReport(window, steps));
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);
}
