using System.Globalization;
using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.Ledger.Contracts;

namespace CredbuzzPay.Api.Modules.Ledger.Books;

/// <summary>
/// Seed 001's account numbers: a three-letter kind prefix and nine digits, the last a Luhn check digit
/// over the first eight (so a mistyped digit or a swap of neighbours is caught before any lookup).
/// The eight are random (CSPRNG); a collision is retried by the caller on the unique index.
/// </summary>
internal static class AccountNumbers
{
    public static string New(string kind)
    {
        var body = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        return AccountKinds.PrefixOf(kind) + body + CheckDigit(body);
    }

    /// <summary>Whether the text has the shape and check digit of an account number (any kind).</summary>
    public static bool IsWellFormed(string? number) =>
        number is { Length: 12 }
        && AccountKinds.Prefixes.Contains(number[..3], StringComparer.Ordinal)
        && number[3..].All(char.IsAsciiDigit)
        && CheckDigit(number[3..11]) == number[11];

    /// <summary>The Luhn check digit of <paramref name="digits"/>: double every second digit from the right, starting with the last.</summary>
    public static char CheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    /// <summary>The number as logs and audit rows show it: the last four only.</summary>
    public static string Masked(string? number) => number is { Length: > 4 } ? new string('X', number.Length - 4) + number[^4..] : "XXXX";
}
