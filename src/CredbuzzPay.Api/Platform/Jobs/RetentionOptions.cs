using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>
/// Settings of section <c>Retention</c>: how long the cleanup job keeps each kind of short-lived personal data, in days, after it stopped mattering
/// (docs/privacy.md has the whole retention table with each kind's legal basis). The long-lived kinds (KYC records, documents, transactions) are
/// kept <c>Privacy:RetentionYears</c> after the relationship ends; audit rows and journal entries are not purged (their chain and the books need them).
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>OTP codes and send records, and abandoned registrations and sign-ins: days after they expired.</summary>
    [Range(1, 30)]
    public int OtpCodesDays { get; set; } = 1;

    /// <summary>Ended sessions (revoked or expired) with their refresh tokens: days after they ended (kept for security investigations).</summary>
    [Range(1, 365)]
    public int SessionsDays { get; set; } = 90;

    /// <summary>Sign-in attempts (login activity): days after they happened. CERT-In's Directions of 28 April 2022 ask for logs of at least 180 days.</summary>
    [Range(180, 3650)]
    public int LoginActivityDays { get; set; } = 365;

    /// <summary>
    /// The legal basis printed for a kind of data in the retention table (<c>privacy-report</c>), by kind (<c>otp_codes</c>, <c>sessions</c>,
    /// <c>login_activity</c>, ...): the operator's counsel's wording in place of the product's default.
    /// </summary>
    public Dictionary<string, string> Basis { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
