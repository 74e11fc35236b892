using System.Security.Cryptography;
using System.Text;

namespace CredbuzzPay.Api.Modules.Recharge.Aggregators;

/// <summary>An aggregator callback's signature: HMAC-SHA256 of the raw body under the shared secret, as lowercase or uppercase hex.</summary>
internal static class CallbackSignature
{
    public const string Header = "X-Aggregator-Signature";

    public static string Sign(string secret, ReadOnlySpan<byte> body) => Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Whether <paramref name="given"/> is the body's signature; compared in constant time.</summary>
    public static bool Matches(string secret, ReadOnlySpan<byte> body, string? given)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(given ?? "");
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body), signature);
    }
}
