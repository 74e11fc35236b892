namespace CredbuzzPay.Api.Modules.Identity.Contracts;

/// <summary>Why a code was sent; each purpose has its own lifetime and cooldown.</summary>
public static class OtpPurposes
{
    public const string Registration = "registration";
    public const string Login = "login";
    public const string PasswordReset = "password_reset";
    public const string Kyc = "kyc";

    /// <summary>Aadhaar confirmation (sent, in the sandbox, to the user's registered mobile).</summary>
    public const string KycAadhaar = "kyc_aadhaar";

    /// <summary>A business phone or email given in the business KYC section.</summary>
    public const string KycContact = "kyc_contact";

    /// <summary>Confirms a request to erase the person's data (sent to their registered mobile).</summary>
    public const string PrivacyErasure = "privacy_erasure";

    /// <summary>Confirms a request for an access archive with identity numbers in full (sent to the registered mobile).</summary>
    public const string PrivacyAccess = "privacy_access";
}
