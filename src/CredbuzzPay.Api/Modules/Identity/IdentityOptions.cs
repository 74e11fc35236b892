using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>Settings of section <c>Identity</c>.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public PasswordHashingOptions PasswordHashing { get; set; } = new();
}

/// <summary>Argon2id cost; the defaults are OWASP's minimum (19 MiB, 2 passes, 1 lane). Raising them upgrades hashes at the next login.</summary>
public sealed class PasswordHashingOptions
{
    [Range(19 * 1024, 4 * 1024 * 1024)]
    public int MemoryKib { get; set; } = 19 * 1024;

    [Range(2, 20)]
    public int Iterations { get; set; } = 2;

    [Range(1, 16)]
    public int Parallelism { get; set; } = 1;
}
