using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Security.Contracts;

/// <summary>A user's security settings: <c>sms</c> or <c>email</c> second factor, staff IP allow-list, new-device alerts.</summary>
public sealed record SecuritySettingsView(string TwoFactorChannel, IReadOnlyList<string> IpAllowList, bool NewDeviceAlerts)
{
    public static readonly SecuritySettingsView Default = new("sms", [], true);

    /// <summary>Whether <paramref name="ip"/> may be used (an empty list allows every address).</summary>
    public bool Allows(string? ip)
    {
        if (IpAllowList.Count == 0)
        {
            return true;
        }
        if (ip is null || !System.Net.IPAddress.TryParse(ip, out var address))
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return IpAllowList.Any(entry => System.Net.IPNetwork.TryParse(entry.Contains('/', StringComparison.Ordinal) ? entry : entry + (entry.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"), out var network)
            && network.Contains(address));
    }
}

public interface ISecuritySettings
{
    Task<SecuritySettingsView> ForUserAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default);
}
