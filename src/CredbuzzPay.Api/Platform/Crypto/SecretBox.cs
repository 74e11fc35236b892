using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CredbuzzPay.Api.Platform.Secrets;

namespace CredbuzzPay.Api.Platform.Crypto;

/// <summary>
/// AES-256-GCM encryption under versioned keys. A ciphertext is
/// <c>version (4 bytes, big-endian) | nonce (12) | tag (16) | data</c>, so old rows stay readable
/// after the active key changes and a re-encryption pass can find what is still on an old key.
/// The associated data binds a ciphertext to its place (table, column, row) so it cannot be moved.
/// </summary>
public sealed class SecretBox
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 4 + NonceSize + TagSize;
    private readonly KeyRing _keys;

    public SecretBox(KeyRing keys) => _keys = keys;

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var version = _keys.ActiveEncryptionKeyVersion;
        _keys.TryGetEncryptionKey(version, out var key);
        var output = new byte[HeaderSize + plaintext.Length];
        BinaryPrimitives.WriteInt32BigEndian(output, version);
        var nonce = output.AsSpan(4, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(4 + NonceSize, TagSize), Encoding.UTF8.GetBytes(associatedData));
        return output;
    }

    public byte[] EncryptString(string plaintext, string associatedData) => Encrypt(Encoding.UTF8.GetBytes(plaintext), associatedData);

    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext, string associatedData)
    {
        if (ciphertext.Length < HeaderSize)
        {
            throw new CryptographicException("Ciphertext is too short.");
        }
        var version = BinaryPrimitives.ReadInt32BigEndian(ciphertext);
        if (!_keys.TryGetEncryptionKey(version, out var key))
        {
            throw new CryptographicException($"No encryption key of version {version} is configured.");
        }
        var plaintext = new byte[ciphertext.Length - HeaderSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(ciphertext.Slice(4, NonceSize), ciphertext[HeaderSize..], ciphertext.Slice(4 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }

    public string DecryptString(ReadOnlySpan<byte> ciphertext, string associatedData) => Encoding.UTF8.GetString(Decrypt(ciphertext, associatedData));

    /// <summary>
    /// The same plaintext sealed again under the active key, or null when <paramref name="ciphertext"/>
    /// already uses it (the key-rotation pass skips those).
    /// </summary>
    public byte[]? Rewrap(byte[] ciphertext, string associatedData) =>
        KeyVersionOf(ciphertext) == _keys.ActiveEncryptionKeyVersion ? null : Encrypt(Decrypt(ciphertext, associatedData), associatedData);

    public int ActiveKeyVersion => _keys.ActiveEncryptionKeyVersion;

    /// <summary>The key version a ciphertext was written under.</summary>
    public static int KeyVersionOf(ReadOnlySpan<byte> ciphertext) => BinaryPrimitives.ReadInt32BigEndian(ciphertext);
}
