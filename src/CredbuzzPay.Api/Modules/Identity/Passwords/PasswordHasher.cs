using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Identity.Passwords;

/// <summary>
/// Argon2id password hashes in the standard PHC string form (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>),
/// through libsodium (Geralt's binding of <c>crypto_pwhash_str</c>): native, vectorised, and its 19 MiB
/// outside the managed heap, so a busy sign-in hour neither costs seven times the CPU of the managed
/// implementation used before nor churns the garbage collector (docs/adr/006). Hashes of either
/// implementation verify with the other: the PHC string is the same standard form.
/// </summary>
/// <remarks>
/// Every hash is deliberately expensive (19 MiB, two passes), and wrong passwords for unknown accounts
/// cost the same work, so hashes run on their own lower-priority threads (<see cref="HashingThreads"/>):
/// at most <see cref="PasswordHashingOptions.Concurrency"/> at once, a bounded queue, a bounded wait,
/// and beyond that a 503 with Retry-After. The rest of the service keeps the CPU it needs.
/// </remarks>
internal sealed partial class PasswordHasher : IDisposable
{
    private readonly PasswordHashingOptions _options;
    private readonly HashingThreads _threads;

    public PasswordHasher(IOptions<IdentityOptions> options)
    {
        _options = options.Value.PasswordHashing;
        _threads = new HashingThreads(_options.Concurrency, _options.MaxQueue, _options.Niceness);
        _dummy = new Lazy<string>(() => Compute(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
    }

    /// <summary>Hashes computed at once at most (for health and tests).</summary>
    public int Concurrency => _options.Concurrency;

    public Task<string> HashAsync(string password, CancellationToken cancellationToken = default) =>
        InTurnAsync(() => Compute(password), cancellationToken);

    /// <summary>Checks a password against a stored hash; the comparison is constant-time.</summary>
    public Task<bool> VerifyAsync(string encodedHash, string password, CancellationToken cancellationToken = default) =>
        InTurnAsync(() => Check(encodedHash, password), cancellationToken);

    /// <summary>
    /// Spends the same time as checking a real account, for logins naming no account, so that the
    /// answer's timing does not tell which accounts exist. Always false.
    /// </summary>
    public Task<bool> VerifyAgainstDummyAsync(string password, CancellationToken cancellationToken = default) =>
        InTurnAsync(() => Check(_dummy.Value, password) && false, cancellationToken);

    private async Task<T> InTurnAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var (done, result) = await _threads.RunAsync(work, TimeSpan.FromMilliseconds(_options.MaxWaitMilliseconds), cancellationToken);
        return done ? result : throw Busy();
    }

    public void Dispose() => _threads.Dispose();

    private static Platform.Errors.ApiProblemException Busy() =>
        Platform.Errors.ApiProblemException.ServiceUnavailable(TimeSpan.FromSeconds(1), "Too many sign-ins are being checked right now; try again in a moment.");

    private string Compute(string password)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        Span<char> encoded = stackalloc char[Geralt.Argon2id.HashSize];
        try
        {
            Geralt.Argon2id.ComputeHash(encoded, bytes, _options.Iterations, _options.MemoryKib * 1024);
            return new string(encoded.TrimEnd('\0'));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private readonly Lazy<string> _dummy;

    private static bool Check(string encodedHash, string password)
    {
        if (!encodedHash.StartsWith("$argon2id$", StringComparison.Ordinal))
        {
            return false;
        }
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return Geralt.Argon2id.VerifyHash(encodedHash, bytes);
        }
        catch (FormatException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

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
