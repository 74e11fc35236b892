using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Secrets;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>Re-encrypts users' postal addresses under the active key.</summary>
internal sealed class IdentityKeyRotation : IKeyRotation
{
    public string Name => "identity";

    public async Task<int> RotateAsync(AppDb db, SecretBox box, CancellationToken cancellationToken)
    {
        var count = 0;
        var offset = 0;
        while (true)
        {
            var rows = await db.GetTable<UserAccount>().Where(u => u.AddressEncrypted != null).OrderBy(u => u.Id).Skip(offset).Take(500)
                .Select(u => new { u.Id, u.AddressEncrypted }).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                return count;
            }
            foreach (var row in rows)
            {
                if (box.Rewrap(row.AddressEncrypted!, UserAddresses.Context(row.Id)) is { } rewrapped)
                {
                    await db.GetTable<UserAccount>().Where(u => u.Id == row.Id).Set(u => u.AddressEncrypted, rewrapped).UpdateAsync(cancellationToken);
                    count++;
                }
            }
            offset += rows.Count;
        }
    }
}
