using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Platform.Secrets;

/// <summary>
/// One module's share of a key rotation: re-encrypts what it keeps under older encryption keys with
/// the active one, and answers how many values it rewrote. Must be safe to run again (it skips values
/// already on the active key) and safe beside a serving node (each row is rewritten on its own).
/// </summary>
public interface IKeyRotation
{
    string Name { get; }

    Task<int> RotateAsync(AppDb db, SecretBox box, CancellationToken cancellationToken);
}

/// <summary>
/// <c>rotate-keys</c>: after a new <c>Secrets:EncryptionKeys:N</c> is added (and made active), rewrites
/// every encrypted value and document under it; the old key can be removed once this reports 0 left.
/// </summary>
internal sealed class RotateKeysCommand : ICliCommand
{
    private readonly AppDbFactory _factory;
    private readonly SecretBox _box;
    private readonly IEnumerable<IKeyRotation> _rotations;

    public RotateKeysCommand(AppDbFactory factory, SecretBox box, IEnumerable<IKeyRotation> rotations)
    {
        _factory = factory;
        _box = box;
        _rotations = rotations;
    }

    public string Name => "rotate-keys";

    public string Description => "Re-encrypt every encrypted column and KYC document under the active encryption key.";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        var total = 0;
        foreach (var rotation in _rotations.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            var count = await rotation.RotateAsync(db, _box, cancellationToken);
            Console.WriteLine($"{rotation.Name}: {count} value(s) re-encrypted under key version {_box.ActiveKeyVersion}.");
            total += count;
        }
        Console.WriteLine($"Done: {total} value(s) re-encrypted.");
        return 0;
    }
}
