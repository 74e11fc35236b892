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

    /// <summary>When a timed block ends (null: until unblocked by hand).</summary>
    [Column("blocked_until")] public DateTime? BlockedUntil { get; set; }
    [Column("block_reason")] public string? BlockReason { get; set; }
    [Column("blocked_by")] public string? BlockedBy { get; set; }

    /// <summary>A retailer's distributor (seed 002).</summary>
    [Column("parent_user_id")] public Guid? ParentUserId { get; set; }
}

/// <summary>One of the four ways in (web, mobile_app, admin_panel, api); an inactive one is refused for everyone.</summary>
[Table("platforms")]
internal sealed class PlatformRecord
{
    [PrimaryKey, Column("platform"), NotNull] public string Platform { get; set; } = "";
    [Column("name"), NotNull] public string Name { get; set; } = "";
    [Column("active")] public bool Active { get; set; }
}

/// <summary>A user's explicit grant or revocation of a platform; without a row the platform is allowed.</summary>
[Table("user_platform_access")]
internal sealed class UserPlatformAccess
{
    [PrimaryKey(0), Column("user_id")] public Guid UserId { get; set; }
    [PrimaryKey(1), Column("platform"), NotNull] public string Platform { get; set; } = "";
    [Column("enabled")] public bool Enabled { get; set; }
    [Column("changed_by")] public string? ChangedBy { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
}
