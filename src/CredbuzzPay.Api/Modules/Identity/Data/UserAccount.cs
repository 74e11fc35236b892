using CredbuzzPay.Api.Modules.Identity.Contracts;
using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Identity.Data;

/// <summary>A person who can sign in: staff (master_superadmin, super_admin, admin, auditor) or a user.</summary>
[Table("users")]
internal sealed class UserAccount
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("user_code"), NotNull] public string UserCode { get; set; } = "";
    [Column("email"), NotNull] public string Email { get; set; } = "";
    [Column("email_normalized"), NotNull] public string EmailNormalized { get; set; } = "";
    [Column("mobile"), NotNull] public string Mobile { get; set; } = "";
    [Column("first_name"), NotNull] public string FirstName { get; set; } = "";
    [Column("last_name"), NotNull] public string LastName { get; set; } = "";
    [Column("password_hash"), NotNull] public string PasswordHash { get; set; } = "";
    [Column("role"), NotNull] public string Role { get; set; } = Roles.User;
    [Column("tier"), NotNull] public string Tier { get; set; } = Tiers.Customer;
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("status"), NotNull] public string Status { get; set; } = UserStatuses.Active;
    [Column("kyc_status"), NotNull] public string KycStatus { get; set; } = "not_started";
    [Column("email_verified_at")] public DateTime? EmailVerifiedAt { get; set; }
    [Column("mobile_verified_at")] public DateTime? MobileVerifiedAt { get; set; }
    [Column("password_changed_at")] public DateTime PasswordChangedAt { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
    [Column("deleted_at")] public DateTime? DeletedAt { get; set; }
    [Column("deleted_by")] public string? DeletedBy { get; set; }
    [Column("failed_login_count")] public int FailedLoginCount { get; set; }
    [Column("locked_until")] public DateTime? LockedUntil { get; set; }
    [Column("last_login_at")] public DateTime? LastLoginAt { get; set; }
    [Column("last_login_ip")] public string? LastLoginIp { get; set; }

    /// <summary>The postal address (line, city, state, pincode) as JSON under AES-256-GCM; see <c>UserAddresses</c>.</summary>
    [Column("address_encrypted")] public byte[]? AddressEncrypted { get; set; }
}
