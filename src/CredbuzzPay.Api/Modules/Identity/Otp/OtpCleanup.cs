using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Identity.Otp;

/// <summary>
/// Deletes spent and expired codes <c>Retention:OtpCodesDays</c> (1) after they stopped mattering (blocks included), send
/// records older than that (the daily window is one day), and registrations abandoned past their window.
/// </summary>
internal sealed class OtpCleanup : ICleanupTask
{
    private readonly AppDbFactory _factory;
    private readonly Microsoft.Extensions.Options.IOptions<RetentionOptions> _retention;

    public OtpCleanup(AppDbFactory factory, Microsoft.Extensions.Options.IOptions<RetentionOptions> retention)
    {
        _factory = factory;
        _retention = retention;
    }

    public string Name => "otp";

    public IEnumerable<RetentionRule> Retains =>
    [
        new("otp_codes", "OTP codes, send records, abandoned registrations", RetentionTable.Days(_retention.Value.OtpCodesDays) + " after they expired",
            "Retention:OtpCodesDays", "needed only to check the code", "cleanup job (otp)"),
    ];

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        var dayAgo = now.AddDays(-_retention.Value.OtpCodesDays);
        await using var db = _factory.Create();
        var challenges = await db.GetTable<OtpChallenge>()
            .Where(c => Instants.Before(c.ExpiresAt, dayAgo) && (c.BlockedUntil == null || c.BlockedUntil < dayAgo))
            .DeleteAsync(cancellationToken);
        var sends = await db.GetTable<OtpSend>().Where(s => Instants.Before(s.SentAt, dayAgo)).DeleteAsync(cancellationToken);
        var registrations = await db.GetTable<PendingRegistration>().Where(p => Instants.Before(p.ExpiresAt, dayAgo)).DeleteAsync(cancellationToken);
        return challenges + sends + registrations;
    }
}
