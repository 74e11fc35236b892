using System.Security.Cryptography;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Storage;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Kyc.Documents;

/// <summary>
/// Keeps KYC documents as files encrypted with AES-256-GCM (bound to the document id) under random
/// names in a private folder below the data directory. Nothing here is ever served as a static file.
/// </summary>
internal sealed class DocumentStore
{
    private readonly SecretBox _box;
    private readonly string _directory;

    public DocumentStore(SecretBox box, IOptions<KycOptions> options, IOptions<StorageOptions> storage)
    {
        _box = box;
        _directory = Path.GetFullPath(Path.Combine(storage.Value.FullDataDirectory, options.Value.DocumentDirectory));
    }

    public string Directory => _directory;

    public static string NewStorageName() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>Writes the encrypted file; answers the key version used.</summary>
    public async Task<int> WriteAsync(Guid documentId, string storageName, byte[] plaintext, CancellationToken cancellationToken)
    {
        Platform.Storage.PrivateFiles.CreateDirectory(_directory);
        var sealedBytes = _box.Encrypt(plaintext, Context(documentId));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using (var stream = new FileStream(PathOf(storageName), options))
        {
            await stream.WriteAsync(sealedBytes, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        return SecretBox.KeyVersionOf(sealedBytes);
    }

    public async Task<byte[]> ReadAsync(Guid documentId, string storageName, CancellationToken cancellationToken) =>
        _box.Decrypt(await File.ReadAllBytesAsync(PathOf(storageName), cancellationToken), Context(documentId));

    /// <summary>Re-encrypts one file under the active key (write to a temporary name, then replace).</summary>
    public async Task<int> ReencryptAsync(SecretBox box, Guid documentId, string storageName, CancellationToken cancellationToken)
    {
        var plaintext = box.Decrypt(await File.ReadAllBytesAsync(PathOf(storageName), cancellationToken), Context(documentId));
        var sealedBytes = box.Encrypt(plaintext, Context(documentId));
        var temp = PathOf(storageName) + ".rotating";
        await File.WriteAllBytesAsync(temp, sealedBytes, cancellationToken);
        File.Move(temp, PathOf(storageName), overwrite: true);
        return SecretBox.KeyVersionOf(sealedBytes);
    }

    /// <summary>Removes files written for a submission that did not commit.</summary>
    public void DeleteQuietly(IEnumerable<string> storageNames)
    {
        foreach (var name in storageNames)
        {
            try
            {
                File.Delete(PathOf(name));
            }
            catch (IOException)
            {
                // Left for the operator; the row that would have pointed at it does not exist.
            }
        }
    }

    private string PathOf(string storageName)
    {
        if (storageName.Length != 40 || !storageName.All(Uri.IsHexDigit))
        {
            throw new InvalidOperationException("Not a document storage name.");
        }
        return Path.Combine(_directory, storageName + ".bin");
    }

    private static string Context(Guid documentId) => $"kyc_documents:{documentId:N}";
}
