using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Isopoh.Cryptography.Argon2;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Identity.Passwords;

/// <summary>
/// Argon2id password hashes in the standard PHC string form (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>),
/// through Isopoh.Cryptography.Argon2, a maintained managed implementation of RFC 9106.
/// </summary>
internal sealed partial class PasswordHasher
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private readonly PasswordHashingOptions _options;

    public PasswordHasher(IOptions<IdentityOptions> options)
    {
        _options = options.Value.PasswordHashing;
        _dummy = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
    }

    public string Hash(string password)
    {
        var config = new Argon2Config
        {
            Type = Argon2Type.HybridAddressing,
            Version = Argon2Version.Nineteen,
            TimeCost = _options.Iterations,
            MemoryCost = _options.MemoryKib,
            Lanes = _options.Parallelism,
            Threads = 1,
            Password = Encoding.UTF8.GetBytes(password),
            Salt = RandomNumberGenerator.GetBytes(SaltBytes),
            HashLength = HashBytes,
        };
        using var argon2 = new Argon2(config);
        using var hash = argon2.Hash();
        return config.EncodeString(hash.Buffer);
    }

    private readonly Lazy<string> _dummy;

    /// <summary>
    /// Spends the same time as checking a real account, for logins naming no account, so that the
    /// answer's timing does not tell which accounts exist. Always false.
    /// </summary>
    public bool VerifyAgainstDummy(string password)
    {
        Verify(_dummy.Value, password);
        return false;
    }

    /// <summary>Checks a password against a stored hash; the comparison is constant-time.</summary>
    public bool Verify(string encodedHash, string password) =>
        !string.IsNullOrEmpty(encodedHash) && Argon2.Verify(encodedHash, Encoding.UTF8.GetBytes(password), 1);

    /// <summary>True when the stored hash was made with weaker parameters than configured now.</summary>
    public bool NeedsRehash(string encodedHash)
    {
        var match = Parameters().Match(encodedHash);
        return !match.Success
            || int.Parse(match.Groups["m"].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture) < _options.MemoryKib
            || int.Parse(match.Groups["t"].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture) < _options.Iterations
            || int.Parse(match.Groups["p"].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture) < _options.Parallelism;
    }

    [GeneratedRegex(@"^\$argon2id\$v=19\$m=(?<m>\d+),t=(?<t>\d+),p=(?<p>\d+)\$")]
    private static partial Regex Parameters();
}
