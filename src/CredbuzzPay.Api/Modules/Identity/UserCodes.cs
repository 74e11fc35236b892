using System.Security.Cryptography;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>
/// The public 6-character id (seed 004): uppercase letters and digits from a CSPRNG, never edited.
/// 36^6 ≈ 2.2 billion codes; a collision is caught by the unique index and the insert retried.
/// </summary>
internal static class UserCodes
{
    public const int Length = 6;
    public const int MaxAttempts = 8;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    public static bool IsWellFormed(string? code) =>
        code is { Length: Length } && code.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));
}
