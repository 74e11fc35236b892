namespace CredbuzzPay.Api.Modules.Kyc.Contracts;

/// <summary>The four KYC sections, in the order the registration progress walks them.</summary>
public static class KycSections
{
    public const string Aadhaar = "aadhaar";
    public const string Pan = "pan";
    public const string Business = "business";
    public const string Bank = "bank";

    public static readonly IReadOnlyList<string> All = [Aadhaar, Pan, Business, Bank];

    public static bool IsKnown(string? section) => section is Aadhaar or Pan or Business or Bank;
}

/// <summary>A section's review state (seed 001): pending → verified | rejected | resubmission_requested.</summary>
public static class KycStatuses
{
    public const string NotSubmitted = "not_submitted";
    public const string Pending = "pending";
    public const string Verified = "verified";
    public const string Rejected = "rejected";
    public const string ResubmissionRequested = "resubmission_requested";

    public static bool IsKnown(string? status) => status is Pending or Verified or Rejected or ResubmissionRequested;
}

/// <summary>A user's overall KYC state, kept on the user (users.kyc_status).</summary>
public static class OverallKycStatuses
{
    public const string NotStarted = "not_started";
    public const string Pending = "pending";
    public const string PartiallyVerified = "partially_verified";
    public const string ActionRequired = "action_required";
    public const string Verified = "verified";
}
