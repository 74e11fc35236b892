using CredbuzzPay.Api.Modules.Identity.Contracts;
using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>Settings of section <c>Identity</c>.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public PasswordHashingOptions PasswordHashing { get; set; } = new();

    public OtpOptions Otp { get; set; } = new();

    /// <summary>Seed 002's sign-in of clients (customers) with an SMS code alone, at auth/otp/generate/ and auth/otp/verify/; off answers 404.</summary>
    public bool ClientOtpSignIn { get; set; } = true;

    /// <summary>Wrong passwords in a row that lock an account.</summary>
    [Range(1, 20)]
    public int MaxFailedLogins { get; set; } = 3;

    /// <summary>How long a locked account stays locked.</summary>
    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>
    /// Requests one client address (an IPv6 /64) may make per minute to the sign-in, registration and
    /// reset endpoints. Indian mobile carriers put thousands of phones behind one address
    /// (carrier-grade NAT), so this is sized for a busy network behind one address (a sign-in is two
    /// requests, a registration four or five): it stops a flood from one machine, while guessing is
    /// stopped per account and per identifier (<see cref="LoginAttemptsPerMinutePerAccount"/>, lockouts,
    /// OTP attempts and daily caps). docs/security.md has the arithmetic.
    /// </summary>
    [Range(1, 100_000)]
    public int AuthPermitsPerMinutePerIp { get; set; } = 300;

    /// <summary>Sign-in attempts per minute for one email or mobile, whether or not it has an account.</summary>
    [Range(1, 1000)]
    public int LoginAttemptsPerMinutePerAccount { get; set; } = 10;

    /// <summary>Minutes a started registration stays open for its OTPs.</summary>
    [Range(5, 1440)]
    public int RegistrationWindowMinutes { get; set; } = 30;
}

/// <summary>OTP policy (seed 004 over seed 000); every number is configurable, these are the defaults.</summary>
public sealed class OtpOptions
{
    /// <summary>Minutes a code lives, by purpose.</summary>
    public Dictionary<string, int> LifetimeMinutes { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [OtpPurposes.Registration] = 10,
        [OtpPurposes.Login] = 5,
        [OtpPurposes.PasswordReset] = 15,
        [OtpPurposes.Kyc] = 10,
        [OtpPurposes.KycAadhaar] = 10,
        [OtpPurposes.KycContact] = 10,
        [OtpPurposes.PrivacyErasure] = 10,
        [OtpPurposes.PrivacyAccess] = 10,
    };

    /// <summary>Seconds before a code of this purpose may be sent again.</summary>
    public Dictionary<string, int> ResendCooldownSeconds { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [OtpPurposes.Registration] = 60,
        [OtpPurposes.Login] = 30,
        [OtpPurposes.PasswordReset] = 120,
        [OtpPurposes.Kyc] = 60,
        [OtpPurposes.KycAadhaar] = 60,
        [OtpPurposes.KycContact] = 60,
        [OtpPurposes.PrivacyErasure] = 60,
        [OtpPurposes.PrivacyAccess] = 60,
    };

    /// <summary>Wrong codes allowed before the verification is blocked.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long a verification stays blocked after the last allowed wrong code.</summary>
    [Range(1, 1440)]
    public int BlockMinutes { get; set; } = 15;

    /// <summary>
    /// Codes one email address or mobile number may be sent in 24 hours for one purpose. Each purpose
    /// has its own budget, so codes anyone may ask for (a password reset) never use up sign-in's.
    /// </summary>
    [Range(1, 1000)]
    public int DailyCapPerDestination { get; set; } = 10;

    /// <summary>Budgets that differ from <see cref="DailyCapPerDestination"/>, by purpose.</summary>
    public Dictionary<string, int> DailyCapByPurpose { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [OtpPurposes.Login] = 20,
    };

    internal int DailyCap(string purpose) => DailyCapByPurpose.GetValueOrDefault(purpose, DailyCapPerDestination);

    internal TimeSpan Lifetime(string purpose) => TimeSpan.FromMinutes(LifetimeMinutes.GetValueOrDefault(purpose, 10));

    internal TimeSpan Cooldown(string purpose) => TimeSpan.FromSeconds(ResendCooldownSeconds.GetValueOrDefault(purpose, 60));
}

/// <summary>Argon2id cost; the defaults are OWASP's minimum (19 MiB, 2 passes, 1 lane). Raising them upgrades hashes at the next login.</summary>
public sealed class PasswordHashingOptions
{
    [Range(19 * 1024, 4 * 1024 * 1024)]
    public int MemoryKib { get; set; } = 19 * 1024;

    [Range(2, 20)]
    public int Iterations { get; set; } = 2;

    /// <summary>Lanes per hash: libsodium computes one (the PHC string says p=1); kept so that any other value stops the start instead of being ignored.</summary>
    [Range(1, 1)]
    public int Parallelism { get; set; } = 1;

    /// <summary>Hashes computed at once on this node (their own threads); 0 means one per core.</summary>
    [Range(0, 256)]
    public int MaxConcurrent { get; set; }

    /// <summary>
    /// How much lower than everything else the hashing threads run (Linux nice value, 0-19; 0 leaves them
    /// equal). They use every idle cycle, but another request that wants the CPU gets it first.
    /// </summary>
    [Range(0, 19)]
    public int Niceness { get; set; } = 10;

    /// <summary>Hashes that may wait for a turn; beyond them a sign-in is answered 503 at once.</summary>
    [Range(1, 10_000)]
    public int MaxQueue { get; set; } = 64;

    /// <summary>How long a hash waits for its turn before the request is answered 503 with Retry-After.</summary>
    [Range(1, 60_000)]
    public int MaxWaitMilliseconds { get; set; } = 1000;

    internal int Concurrency => MaxConcurrent > 0 ? MaxConcurrent : Environment.ProcessorCount;
}
