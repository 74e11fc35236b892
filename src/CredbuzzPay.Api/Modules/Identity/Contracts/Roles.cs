namespace CredbuzzPay.Api.Modules.Identity.Contracts;

/// <summary>The staff hierarchy (seed 004) and the read-only auditor (seed 001).</summary>
public static class Roles
{
    public const string MasterSuperadmin = "master_superadmin";
    public const string SuperAdmin = "super_admin";
    public const string Admin = "admin";
    public const string User = "user";
    public const string Auditor = "auditor";
}

/// <summary>A user's place in the recharge network (seed 002).</summary>
public static class Tiers
{
    public const string Distributor = "distributor";
    public const string Retailer = "retailer";
    public const string Customer = "customer";
}

public static class UserStatuses
{
    public const string Active = "active";
    public const string Blocked = "blocked";
    public const string Suspended = "suspended";

    /// <summary>Erased at the person's request (docs/privacy.md): a pseudonym kept only so that retained records point somewhere; never signs in.</summary>
    public const string Erased = "erased";
}
