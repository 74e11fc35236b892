using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Privacy.Data;

/// <summary>One language's text of one version of the privacy notice (never edited: a change is a new version).</summary>
[Table("privacy_notices")]
internal sealed class NoticeRow
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("version")] public int Version { get; set; }
    [Column("language"), NotNull] public string Language { get; set; } = "";
    [Column("body"), NotNull] public string Body { get; set; } = "";
    [Column("published_by"), NotNull] public string PublishedBy { get; set; } = "";
    [Column("published_at")] public DateTime PublishedAt { get; set; }
}

/// <summary>One grant or withdrawal of one purpose by one person: append-only, so the history is the record (who, when, from where, under which notice).</summary>
[Table("privacy_consents")]
internal sealed class ConsentRow
{
    public const string ByUser = "user";
    public const string ByNotice = "notice";
    /// <summary>Withdrawn by the person's erasure.</summary>
    public const string ByErasure = "erasure";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("purpose"), NotNull] public string Purpose { get; set; } = "";
    [Column("granted")] public bool Granted { get; set; }
    [Column("notice_version")] public int NoticeVersion { get; set; }
    [Column("source"), NotNull] public string Source { get; set; } = ByUser;
    [Column("ip_address")] public string? IpAddress { get; set; }
    [Column("user_agent")] public string? UserAgent { get; set; }
    [Column("recorded_at")] public DateTime RecordedAt { get; set; }
}

/// <summary>A data principal's grievance (DPDP Act s. 13) with the date it must be answered by.</summary>
[Table("privacy_grievances")]
internal sealed class GrievanceRow
{
    public const string Open = "OPEN";
    public const string Responded = "RESPONDED";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("reference"), NotNull] public string Reference { get; set; } = "";
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("user_code"), NotNull] public string UserCode { get; set; } = "";
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("subject"), NotNull] public string Subject { get; set; } = "";
    [Column("details"), NotNull] public string Details { get; set; } = "";
    [Column("status"), NotNull] public string Status { get; set; } = Open;
    [Column("due_at")] public DateTime DueAt { get; set; }
    [Column("response")] public string? Response { get; set; }
    [Column("responded_by")] public string? RespondedBy { get; set; }
    [Column("responded_at")] public DateTime? RespondedAt { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

/// <summary>A data principal's request (access so far) with its deadline; an access request's archive is kept encrypted until its download time ends.</summary>
[Table("privacy_requests")]
internal sealed class PrivacyRequestRow
{
    public const string Access = "access";
    public const string Pending = "PENDING";
    public const string Ready = "READY";
    public const string Expired = "EXPIRED";
    public const string Failed = "FAILED";
    public const string Erasure = "erasure";
    public const string Correction = "correction";
    /// <summary>An erasure asked for, its code sent to the registered mobile.</summary>
    public const string AwaitingOtp = "AWAITING_OTP";
    /// <summary>An erasure confirmed but waiting (money still held); the job tries it again.</summary>
    public const string Waiting = "WAITING";
    /// <summary>Done: an erasure carried out, or a correction recorded.</summary>
    public const string Completed = "COMPLETED";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("request_id"), NotNull] public string RequestId { get; set; } = "";
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("user_code"), NotNull] public string UserCode { get; set; } = "";
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("type"), NotNull] public string Type { get; set; } = Access;
    [Column("status"), NotNull] public string Status { get; set; } = Pending;
    [Column("due_at")] public DateTime DueAt { get; set; }
    [Column("archive")] public byte[]? Archive { get; set; }
    [Column("archive_bytes")] public long ArchiveBytes { get; set; }
    [Column("download_until")] public DateTime? DownloadUntil { get; set; }
    [Column("failure")] public string? Failure { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("completed_at")] public DateTime? CompletedAt { get; set; }
    [Column("otp_request_id")] public Guid? OtpRequestId { get; set; }
    [Column("waiting_reason")] public string? WaitingReason { get; set; }
    /// <summary>An erasure's account to the person (JSON lines of data, action, reason, until), or a correction's description. Never values.</summary>
    [Column("outcome")] public string? Outcome { get; set; }
    [Column("retain_until")] public DateTime? RetainUntil { get; set; }
    [Column("purged_at")] public DateTime? PurgedAt { get; set; }
    /// <summary>An access archive with identity numbers in full (asked for, and confirmed by a fresh OTP).</summary>
    [Column("full_numbers")] public bool FullNumbers { get; set; }
}
