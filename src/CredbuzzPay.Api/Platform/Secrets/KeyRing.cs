using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using CredbuzzPay.Api.Platform.Storage;

namespace CredbuzzPay.Api.Platform.Secrets;

/// <summary>Names of the keys the service needs; a module adds its name here when it needs one.</summary>
public static class KeyNames
{
    public const string AuditChain = "AuditChain";
    public const string JwtSigning = "JwtSigning";
    public const string OtpHash = "OtpHash";
    public const string BlindIndex = "BlindIndex";

    internal static readonly string[] All = [AuditChain, JwtSigning, OtpHash, BlindIndex];
}

/// <summary>
/// Holds the service's secret keys, loaded and checked once at start. A missing key stops the start
/// with a message naming it, unless Development key generation is on.
/// </summary>
public sealed class KeyRing
{
    private const int MinimumKeyBytes = 32;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly Dictionary<string, byte[]> _keys;
    private readonly SortedDictionary<int, byte[]> _encryptionKeys;

    public KeyRing(IOptions<SecretsOptions> options, IOptions<StorageOptions> storage)
    {
        var settings = options.Value;
        var generatedPath = Path.Combine(storage.Value.FullDataDirectory, "keys.json");
        var generated = settings.GenerateMissingKeys ? LoadOrCreateGenerated(generatedPath) : null;

        _keys = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in KeyNames.All)
        {
            _keys[name] = Decode($"Secrets:Keys:{name}",
                settings.Keys.GetValueOrDefault(name) ?? generated?.Keys.GetValueOrDefault(name));
        }

        var versions = settings.EncryptionKeys.Count > 0 ? settings.EncryptionKeys : generated?.EncryptionKeys ?? [];
        _encryptionKeys = new SortedDictionary<int, byte[]>();
        foreach (var (version, value) in versions)
        {
            if (!int.TryParse(version, out var number) || number <= 0)
            {
                throw new InvalidOperationException($"Secrets:EncryptionKeys:{version} must be named by a positive whole number.");
            }
            _encryptionKeys[number] = Decode($"Secrets:EncryptionKeys:{version}", value);
        }
        if (_encryptionKeys.Count == 0)
        {
            throw new InvalidOperationException("Secrets:EncryptionKeys needs at least one versioned key (Secrets:EncryptionKeys:1).");
        }
        ActiveEncryptionKeyVersion = settings.ActiveEncryptionKeyVersion == 0 ? _encryptionKeys.Keys.Max() : settings.ActiveEncryptionKeyVersion;
        if (!_encryptionKeys.ContainsKey(ActiveEncryptionKeyVersion))
        {
            throw new InvalidOperationException($"Secrets:ActiveEncryptionKeyVersion {ActiveEncryptionKeyVersion} has no key.");
        }
    }

    public int ActiveEncryptionKeyVersion { get; }

    /// <summary>The named key's bytes; callers must not change them.</summary>
    public ReadOnlySpan<byte> Get(string name) =>
        _keys.TryGetValue(name, out var key) ? key : throw new KeyNotFoundException($"No key named {name}.");

    internal byte[] GetArray(string name) => _keys[name];

    internal bool TryGetEncryptionKey(int version, out byte[] key) => _encryptionKeys.TryGetValue(version, out key!);

    private static byte[] Decode(string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{setting} is not configured. Give it base64 of {MinimumKeyBytes} random bytes (e.g. `openssl rand -base64 32`), " +
                "or set Secrets:GenerateMissingKeys=true in Development.");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not valid base64.");
        }
        if (bytes.Length < MinimumKeyBytes)
        {
            throw new InvalidOperationException($"{setting} must hold at least {MinimumKeyBytes} bytes.");
        }
        return bytes;
    }

    private static GeneratedKeys LoadOrCreateGenerated(string path)
    {
        // Two test hosts may start together on one data directory: the file is created exclusively.
        for (var attempt = 0; ; attempt++)
        {
            if (File.Exists(path))
            {
                var existing = JsonSerializer.Deserialize<GeneratedKeys>(File.ReadAllText(path));
                if (existing is not null && KeyNames.All.All(existing.Keys.ContainsKey) && existing.EncryptionKeys.Count > 0)
                {
                    return existing;
                }
                if (attempt > 20)
                {
                    throw new InvalidOperationException($"{path} is incomplete; delete it to generate new Development keys.");
                }
                Thread.Sleep(50);
                continue;
            }
            var keys = new GeneratedKeys
            {
                Keys = KeyNames.All.ToDictionary(n => n, _ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumKeyBytes)), StringComparer.OrdinalIgnoreCase),
                EncryptionKeys = new Dictionary<string, string> { ["1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumKeyBytes)) },
            };
            Storage.PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(temp, fileOptions))
            {
                JsonSerializer.Serialize(stream, keys, Indented);
            }
            try
            {
                File.Move(temp, path, overwrite: false);
                return keys;
            }
            catch (IOException)
            {
                File.Delete(temp);
            }
        }
    }

    private sealed class GeneratedKeys
    {
        public Dictionary<string, string> Keys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, string> EncryptionKeys { get; set; } = [];
    }
}
