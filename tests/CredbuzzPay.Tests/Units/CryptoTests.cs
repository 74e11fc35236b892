using CredbuzzPay.Tests.Infrastructure;
using System.Security.Cryptography;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Secrets;
using CredbuzzPay.Api.Platform.Storage;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Tests.Units;

public sealed class CryptoTests
{
    private static string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static KeyRing Ring(Dictionary<string, string> encryptionKeys, int active = 0, string? directory = null, bool generate = false)
    {
        var secrets = new SecretsOptions { GenerateMissingKeys = generate, ActiveEncryptionKeyVersion = active, EncryptionKeys = encryptionKeys };
        if (!generate)
        {
            foreach (var name in new[] { KeyNames.AuditChain, KeyNames.JwtSigning, KeyNames.OtpHash, KeyNames.BlindIndex })
            {
                secrets.Keys[name] = Key();
            }
        }
        return new KeyRing(Options.Create(secrets), Options.Create(new StorageOptions { DataDirectory = directory ?? Scratch.NewDirectory("keyring") }));
    }

    [Fact]
    public void SecretBox_RoundTrips_AndRefusesAnotherPlaceOrAnyChange()
    {
        var box = new SecretBox(Ring(new() { ["1"] = Key() }));

        var sealedBytes = box.EncryptString("2345 6789 0123", "kyc_aadhaar.number:u1");

        Assert.Equal("2345 6789 0123", box.DecryptString(sealedBytes, "kyc_aadhaar.number:u1"));
        Assert.ThrowsAny<CryptographicException>(() => box.Decrypt(sealedBytes, "kyc_aadhaar.number:u2"));
        sealedBytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => box.Decrypt(sealedBytes, "kyc_aadhaar.number:u1"));
    }

    [Fact]
    public void SecretBox_ReadsOldKeysAfterRotation_AndWritesUnderTheActiveOne()
    {
        var v1 = Key();
        var old = new SecretBox(Ring(new() { ["1"] = v1 })).EncryptString("secret", "ctx");

        var rotated = new SecretBox(Ring(new() { ["1"] = v1, ["2"] = Key() }));
        var fresh = rotated.EncryptString("secret", "ctx");

        Assert.Equal(1, SecretBox.KeyVersionOf(old));
        Assert.Equal(2, SecretBox.KeyVersionOf(fresh));
        Assert.Equal("secret", rotated.DecryptString(old, "ctx"));
        Assert.Throws<CryptographicException>(() => new SecretBox(Ring(new() { ["2"] = Key() })).Decrypt(old, "ctx"));
    }

    [Fact]
    public void KeyRing_WithoutAKeyAndWithoutGeneration_RefusesToStartAndNamesTheSetting()
    {
        var secrets = new SecretsOptions { EncryptionKeys = new() { ["1"] = Key() } };

        var error = Assert.Throws<InvalidOperationException>(() => new KeyRing(Options.Create(secrets), Options.Create(new StorageOptions())));

        Assert.Contains("Secrets:Keys:AuditChain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyRing_RefusesShortKeys()
    {
        var secrets = new SecretsOptions { EncryptionKeys = new() { ["1"] = Convert.ToBase64String(new byte[16]) } };
        foreach (var name in new[] { KeyNames.AuditChain, KeyNames.JwtSigning, KeyNames.OtpHash, KeyNames.BlindIndex })
        {
            secrets.Keys[name] = Key();
        }

        var error = Assert.Throws<InvalidOperationException>(() => new KeyRing(Options.Create(secrets), Options.Create(new StorageOptions())));

        Assert.Contains("at least 32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyRing_GeneratesDevelopmentKeysOnceIntoAPrivateFile()
    {
        var directory = Scratch.NewDirectory("keys");

        var first = Ring([], directory: directory, generate: true);
        var second = Ring([], directory: directory, generate: true);

        var file = Path.Combine(directory, "keys.json");
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.True(first.Get(KeyNames.AuditChain).SequenceEqual(second.Get(KeyNames.AuditChain)));
        Assert.Equal(32, first.Get(KeyNames.JwtSigning).Length);
        Directory.Delete(directory, recursive: true);
    }
}
