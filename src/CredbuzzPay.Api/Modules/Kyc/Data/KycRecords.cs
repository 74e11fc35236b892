using LinqToDB.Mapping;

using CredbuzzPay.Api.Modules.Kyc.Contracts;

namespace CredbuzzPay.Api.Modules.Kyc.Data;

/// <summary>
/// One version of one KYC section of one user. A resubmission soft-deletes the previous version
/// (deleted_at, deleted_by) and inserts a new one, so the audit trail can point at every version.
/// The identity or account number is only ever stored encrypted (<see cref="NumberEncrypted"/>),
/// with a keyed blind index for uniqueness and its last four characters for the mask.
/// </summary>
[Table("kyc_submissions")]
internal sealed class KycSubmission
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("user_code"), NotNull] public string UserCode { get; set; } = "";
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("section"), NotNull] public string Section { get; set; } = "";

    /// <summary><c>user_id:section</c> while this is the live version, null once superseded; unique.</summary>
    [Column("live_key")] public string? LiveKey { get; set; }
    [Column("status"), NotNull] public string Status { get; set; } = KycStatuses.Pending;
    [Column("number_encrypted")] public byte[]? NumberEncrypted { get; set; }
    [Column("number_index")] public string? NumberIndex { get; set; }
    [Column("number_last4")] public string? NumberLast4 { get; set; }

    /// <summary>The section's non-secret fields as JSON (names, dates, business and bank names).</summary>
    [Column("details"), NotNull] public string Details { get; set; } = "{}";

    /// <summary>The section's addresses as JSON under AES-256-GCM.</summary>
    [Column("private_encrypted")] public byte[]? PrivateEncrypted { get; set; }

    [Column("otp_request_id")] public Guid? OtpRequestId { get; set; }
    [Column("otp_verified_at")] public DateTime? OtpVerifiedAt { get; set; }
    [Column("phone_verified_at")] public DateTime? PhoneVerifiedAt { get; set; }
    [Column("email_verified_at")] public DateTime? EmailVerifiedAt { get; set; }

    /// <summary>What the verification provider answered (PAN check, penny drop).</summary>
    [Column("provider_status")] public string? ProviderStatus { get; set; }

    /// <summary>The name the provider holds on record (penny drop's account holder).</summary>
    [Column("provider_name")] public string? ProviderName { get; set; }

    [Column("provider_checked_at")] public DateTime? ProviderCheckedAt { get; set; }
    [Column("provider_attempts")] public int ProviderAttempts { get; set; }
    [Column("review_reason")] public string? ReviewReason { get; set; }
    [Column("reviewed_by")] public string? ReviewedBy { get; set; }
    [Column("reviewed_at")] public DateTime? ReviewedAt { get; set; }
    [Column("submitted_at")] public DateTime SubmittedAt { get; set; }
    [Column("verified_at")] public DateTime? VerifiedAt { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
    [Column("deleted_at")] public DateTime? DeletedAt { get; set; }
    [Column("deleted_by")] public string? DeletedBy { get; set; }
}

/// <summary>An uploaded image or PDF, stored encrypted on disk under <see cref="StorageName"/>.</summary>
[Table("kyc_documents")]
internal sealed class KycDocument
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("submission_id")] public Guid SubmissionId { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("kind"), NotNull] public string Kind { get; set; } = "";
    [Column("content_type"), NotNull] public string ContentType { get; set; } = "";
    [Column("byte_size")] public long ByteSize { get; set; }
    [Column("storage_name"), NotNull] public string StorageName { get; set; } = "";
    [Column("key_version")] public int KeyVersion { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("deleted_at")] public DateTime? DeletedAt { get; set; }
    [Column("deleted_by")] public string? DeletedBy { get; set; }
}

/// <summary>Which user holds an Aadhaar, PAN or account number (by blind index); the primary key makes it one user per number.</summary>
[Table("kyc_number_claims")]
internal sealed class KycNumberClaim
{
    [PrimaryKey(0), Column("kind"), NotNull] public string Kind { get; set; } = "";
    [PrimaryKey(1), Column("number_index"), NotNull] public string NumberIndex { get; set; } = "";
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("claimed_at")] public DateTime ClaimedAt { get; set; }
}

/// <summary>
/// Live sections per UTC day of submission, branch ('' for none), section and current status, with
/// the seconds from submission to verification summed for verified ones: kept as sections are
/// submitted, superseded and decided, so the KYC report reads a few hundred rows.
/// </summary>
[Table("kyc_daily_counts")]
internal sealed class KycDailyCount
{
    [PrimaryKey(0), Column("day")] public DateTime Day { get; set; }
    [PrimaryKey(1), Column("branch_key"), NotNull] public string BranchKey { get; set; } = "";
    [PrimaryKey(2), Column("section"), NotNull] public string Section { get; set; } = "";
    [PrimaryKey(3), Column("status"), NotNull] public string Status { get; set; } = "";
    [Column("sections")] public long Sections { get; set; }
    [Column("verified_seconds")] public long VerifiedSeconds { get; set; }
}

/// <summary>Each user's last submission (per branch it was made in): the users who submitted since an instant are the rows since.</summary>
[Table("kyc_user_submissions")]
internal sealed class KycUserSubmission
{
    [PrimaryKey(0), Column("user_id")] public Guid UserId { get; set; }
    [PrimaryKey(1), Column("branch_key"), NotNull] public string BranchKey { get; set; } = "";
    [Column("last_submitted_at")] public DateTime LastSubmittedAt { get; set; }
}
