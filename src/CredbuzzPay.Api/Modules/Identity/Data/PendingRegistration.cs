using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Identity.Data;

/// <summary>
/// A registration waiting for both its email and mobile codes. Nothing reaches <c>users</c> until
/// both are verified; the password is kept only as its Argon2id hash.
/// </summary>
[Table("pending_registrations")]
internal sealed class PendingRegistration
{
    [PrimaryKey, Column("request_id")] public Guid RequestId { get; set; }
    [Column("email"), NotNull] public string Email { get; set; } = "";
    [Column("mobile"), NotNull] public string Mobile { get; set; } = "";
    [Column("first_name"), NotNull] public string FirstName { get; set; } = "";
    [Column("last_name"), NotNull] public string LastName { get; set; } = "";
    [Column("password_hash"), NotNull] public string PasswordHash { get; set; } = "";
    [Column("email_verified_at")] public DateTime? EmailVerifiedAt { get; set; }
    [Column("mobile_verified_at")] public DateTime? MobileVerifiedAt { get; set; }
    [Column("user_code")] public string? UserCode { get; set; }
    [Column("expires_at")] public DateTime ExpiresAt { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    /// <summary>The privacy notice version the person accepted when registering (null: they are asked at their first sign-in), their marketing choice, and where from.</summary>
    [Column("notice_version")] public int? NoticeVersion { get; set; }
    [Column("marketing_consent")] public bool? MarketingConsent { get; set; }
    [Column("consent_ip")] public string? ConsentIp { get; set; }
    [Column("consent_user_agent")] public string? ConsentUserAgent { get; set; }
}
