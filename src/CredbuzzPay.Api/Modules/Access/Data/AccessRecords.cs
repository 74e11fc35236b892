using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Access.Data;

/// <summary>An organisation branch; every user belongs to one.</summary>
[Table("branches")]
internal sealed class Branch
{
    [PrimaryKey, Column("branch_code"), NotNull] public string BranchCode { get; set; } = "";
    [Column("name"), NotNull] public string Name { get; set; } = "";
    [Column("address")] public string? Address { get; set; }
    [Column("city")] public string? City { get; set; }
    [Column("state")] public string? State { get; set; }
    [Column("pincode")] public string? Pincode { get; set; }
    [Column("active")] public bool Active { get; set; } = true;
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
    [Column("deleted_at")] public DateTime? DeletedAt { get; set; }
    [Column("deleted_by")] public string? DeletedBy { get; set; }
}

/// <summary>An app module users are granted; an inactive one is refused for everyone.</summary>
[Table("features")]
internal sealed class Feature
{
    [PrimaryKey, Column("feature_code"), NotNull] public string FeatureCode { get; set; } = "";
    [Column("name"), NotNull] public string Name { get; set; } = "";
    [Column("description")] public string? Description { get; set; }
    [Column("active")] public bool Active { get; set; } = true;

    /// <summary>Whether users without an explicit grant or revocation have it.</summary>
    [Column("granted_by_default")] public bool GrantedByDefault { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
    [Column("deleted_at")] public DateTime? DeletedAt { get; set; }
    [Column("deleted_by")] public string? DeletedBy { get; set; }
}

/// <summary>A user's explicit grant (true) or revocation (false) of a feature.</summary>
[Table("user_feature_access")]
internal sealed class UserFeatureAccess
{
    [PrimaryKey(0), Column("user_id")] public Guid UserId { get; set; }
    [PrimaryKey(1), Column("feature_code"), NotNull] public string FeatureCode { get; set; } = "";
    [Column("granted")] public bool Granted { get; set; }
    [Column("changed_by")] public string? ChangedBy { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
}
