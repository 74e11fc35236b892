using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Security.Contracts;

/// <summary>A user's security settings: <c>sms</c> or <c>email</c> second factor, staff IP allow-list, new-device alerts.</summary>
public sealed record SecuritySettingsView(string TwoFactorChannel, IReadOnlyList<string> IpAllowList, bool NewDeviceAlerts)
{
    public static readonly SecuritySettingsView Default = new("sms", [], true);

    /// <summary>Whether <paramref name="ip"/> may be used (an empty list allows every address).</summary>
    public bool Allows(string? ip) => IpAllowList.Count == 0 || Platform.Http.ClientAddresses.InAny(ip, IpAllowList);
}

public interface ISecuritySettings
{
    Task<SecuritySettingsView> ForUserAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default);
}
