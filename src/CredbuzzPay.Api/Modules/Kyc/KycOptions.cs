using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>Settings of section <c>Kyc</c>.</summary>
public sealed class KycOptions
{
    public const string Section = "Kyc";

    /// <summary>Largest accepted document (image or PDF), in bytes; 5 MB by default.</summary>
    [Range(64 * 1024, 50 * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Where encrypted documents are kept; relative paths are under <c>Storage:DataDirectory</c>. Never a public folder.</summary>
    [Required]
    public string DocumentDirectory { get; set; } = "kyc-documents";

    /// <summary>Verification providers: <c>sandbox</c> (default, no network) until a real aggregator adapter is configured.</summary>
    [Required, RegularExpression("^sandbox$", ErrorMessage = "Kyc:Provider must be 'sandbox'; a real aggregator is plugged in as described in docs/kyc.md.")]
    public string Provider { get; set; } = "sandbox";

    /// <summary>Penny drops one bank submission may run (each costs a real transfer with a live provider).</summary>
    [Range(1, 10)]
    public int MaxPennyDropAttempts { get; set; } = 3;

    /// <summary>Name similarity (0-100, token-sorted) at or above which two names count as the same person.</summary>
    [Range(50, 100)]
    public int NameMatchThreshold { get; set; } = 85;

    public SandboxOptions Sandbox { get; set; } = new();
}

/// <summary>The sandbox providers' deterministic test data (docs/kyc.md).</summary>
public sealed class SandboxOptions
{
    /// <summary>Bank accounts the sandbox penny drop knows, number → holder name on record.</summary>
    public Dictionary<string, string> BankAccounts { get; set; } = new()
    {
        ["000111222333"] = "JOHN DOE",
        ["50100012345678"] = "ASHA RAO",
    };
}
