using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Modules.Privacy;

/// <summary>Settings of section <c>Privacy</c> (docs/privacy.md).</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>The grievance officer shown with the notice (DPDP Act s. 8(10)): set the operator's own in production.</summary>
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public GrievanceOfficer GrievanceOfficer { get; set; } = new();

    /// <summary>Days within which a grievance must be answered.</summary>
    [Range(1, 90)]
    public int GrievanceDays { get; set; } = 30;

    /// <summary>Days within which a data principal's request must be carried out (the deadline staff see).</summary>
    [Range(1, 90)]
    public int RequestDays { get; set; } = 30;

    /// <summary>
    /// Years the records RBI and the PMLA require (KYC, transactions, loans) are kept, locked, after the relationship ends (account closure, or the
    /// last transaction of someone with no account open); then the retention job purges them. The law's minimum is five.
    /// </summary>
    [Range(5, 30)]
    public int RetentionYears { get; set; } = 5;
}

public sealed class GrievanceOfficer
{
    [Required, StringLength(100, MinimumLength = 1)]
    public string Name { get; set; } = "Grievance Officer";

    [Required, EmailAddress]
    public string Email { get; set; } = "grievance@example.invalid";

    [StringLength(20)]
    public string? Phone { get; set; }
}
