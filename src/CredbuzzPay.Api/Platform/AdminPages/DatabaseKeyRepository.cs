using System.Xml.Linq;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Secrets;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Mapping;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>
/// ASP.NET Core's data-protection keys (they seal the console's session cookie and antiforgery tokens) kept in
/// the database, encrypted under the service's key ring, so every node behind a load balancer reads the same
/// keys and a copied database or backup does not give them away.
/// </summary>
internal sealed class DatabaseKeyRepository : IXmlRepository, IKeyRotation
{
    private readonly AppDbFactory _databases;
    private readonly SecretBox _box;
    private readonly TimeProvider _clock;

    public DatabaseKeyRepository(AppDbFactory databases, SecretBox box, TimeProvider clock)
    {
        _databases = databases;
        _box = box;
        _clock = clock;
    }

    public string Name => "data-protection";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = _databases.Create();
        return db.GetTable<DataProtectionKey>().ToList()
            .Select(k => XElement.Parse(_box.DecryptString(k.Payload, Context(k.Name))))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = _databases.Create();
        db.Insert(new DataProtectionKey
        {
            Name = friendlyName,
            Payload = _box.EncryptString(element.ToString(SaveOptions.DisableFormatting), Context(friendlyName)),
            CreatedAt = _clock.GetUtcNow().UtcDateTime,
        });
    }

    public async Task<int> RotateAsync(AppDb db, SecretBox box, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var key in await db.GetTable<DataProtectionKey>().ToListAsync(cancellationToken))
        {
            if (box.Rewrap(key.Payload, Context(key.Name)) is { } rewrapped)
            {
                count += await db.GetTable<DataProtectionKey>().Where(k => k.Name == key.Name).Set(k => k.Payload, rewrapped).UpdateAsync(cancellationToken);
            }
        }
        return count;
    }

    private static string Context(string name) => "data-protection-key:" + name;
}

[Table("data_protection_keys")]
internal sealed class DataProtectionKey
{
    [PrimaryKey, Column("name")] public string Name { get; set; } = "";
    [Column("payload"), NotNull] public byte[] Payload { get; set; } = [];
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}
