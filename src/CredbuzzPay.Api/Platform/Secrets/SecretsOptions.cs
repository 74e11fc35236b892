namespace CredbuzzPay.Api.Platform.Secrets;

/// <summary>
/// Settings of section <c>Secrets</c>. Every key is base64 of at least 32 random bytes and comes from
/// configuration (environment variables, a secret store), never from the repository. In Development
/// the missing ones are generated once into <c>&lt;DataDirectory&gt;/keys.json</c>.
/// </summary>
public sealed class SecretsOptions
{
    public const string Section = "Secrets";

    /// <summary>Generate missing keys into the data directory (Development and tests only).</summary>
    public bool GenerateMissingKeys { get; set; }

    /// <summary>Named keys, e.g. <c>Secrets:Keys:AuditChain</c>, <c>Secrets:Keys:JwtSigning</c>.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Versioned data-encryption keys (AES-256-GCM), e.g. <c>Secrets:EncryptionKeys:1</c>.</summary>
    public Dictionary<string, string> EncryptionKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The version new ciphertexts are written under; 0 means the highest configured.</summary>
    public int ActiveEncryptionKeyVersion { get; set; }
}
