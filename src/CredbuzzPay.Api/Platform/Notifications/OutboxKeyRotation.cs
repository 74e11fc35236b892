using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Notifications.Data;
using CredbuzzPay.Api.Platform.Secrets;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>Re-encrypts the payloads of messages not yet delivered (delivered ones have none).</summary>
internal sealed class OutboxKeyRotation : IKeyRotation
{
    public string Name => "outbox";

    public async Task<int> RotateAsync(AppDb db, SecretBox box, CancellationToken cancellationToken)
    {
        var rows = await db.GetTable<OutboxRecord>().Where(r => r.Payload != null).Select(r => new { r.Id, r.Payload }).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var row in rows)
        {
            if (box.Rewrap(row.Payload!, Outbox.PayloadContext(row.Id)) is { } rewrapped)
            {
                // Only while the payload is still there: a dispatcher may have delivered and erased it meanwhile.
                count += await db.GetTable<OutboxRecord>().Where(r => r.Id == row.Id && r.Payload != null).Set(r => r.Payload, rewrapped).UpdateAsync(cancellationToken);
            }
        }
        return count;
    }
}
