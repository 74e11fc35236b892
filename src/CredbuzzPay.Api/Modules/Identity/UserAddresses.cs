using System.Text.Json;
using CredbuzzPay.Api.Platform.Crypto;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>A user's postal address; kept only encrypted, bound to the user's row.</summary>
public sealed record PostalAddress(string? Address, string? City, string? State, string? Pincode);

internal static class UserAddresses
{
    internal static string Context(Guid userId) => "users.address_encrypted:" + userId.ToString("N");

    public static byte[] Seal(SecretBox box, Guid userId, PostalAddress address) =>
        box.Encrypt(JsonSerializer.SerializeToUtf8Bytes(address), Context(userId));

    public static PostalAddress Open(SecretBox box, Guid userId, byte[]? sealedAddress) =>
        sealedAddress is null
            ? new PostalAddress(null, null, null, null)
            : JsonSerializer.Deserialize<PostalAddress>(box.Decrypt(sealedAddress, Context(userId))) ?? new PostalAddress(null, null, null, null);
}
