using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Platform.Secrets;

namespace CredbuzzPay.Api.Modules.Audit;

/// <summary>
/// Each row's hash is HMAC-SHA256, under the AuditChain key, of the previous row's hash and every
/// field of the row. Changing, deleting or reordering a row breaks every hash after it, and without
/// the key nobody can forge a consistent chain.
/// </summary>
internal sealed class AuditChain
{
    public static readonly string Genesis = new('0', 64);
    private readonly byte[] _key;

    public AuditChain(KeyRing keys) => _key = keys.GetArray(KeyNames.AuditChain);

    public string HashOf(AuditRecord row)
    {
        var canonical = new StringBuilder(256);
        Append(canonical, row.PrevHash);
        Append(canonical, row.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(canonical, row.Id.ToString("D"));
        Append(canonical, Instant(row.OccurredAt));
        Append(canonical, row.Actor);
        Append(canonical, row.Action);
        Append(canonical, row.TargetType);
        Append(canonical, row.TargetId);
        Append(canonical, row.IpAddress);
        Append(canonical, row.UserAgent);
        Append(canonical, row.CorrelationId);
        Append(canonical, row.Detail);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>The instant as every engine keeps it: whole milliseconds (SQLite's text form holds no more), no time zone conversion.</summary>
    public static DateTime Truncate(DateTime value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static string Instant(DateTime value) =>
        Truncate(value).ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    // Length-prefixed so that no two different rows can produce the same text.
    private static void Append(StringBuilder builder, string? value)
    {
        if (value is null)
        {
            builder.Append("-1:");
            return;
        }
        builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
    }
}
