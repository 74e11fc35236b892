using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CredbuzzPay.Api.Modules.Security;

/// <summary>Settings of section <c>Security</c>: detection thresholds and automatic blocks.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The window the per-address rules count in.</summary>
    [Range(1, 1440)]
    public int WindowMinutes { get; set; } = 15;

    /// <summary>
    /// Failed sign-ins from one address in the window that raise a high alert and block it. Sized, like
    /// the per-address rate limit, for many honest users behind one carrier-grade NAT address, whose
    /// mistyped passwords add up: an automatic block shuts all of them out.
    /// </summary>
    [Range(2, 10_000)]
    public int FailedLoginsPerIp { get; set; } = 100;

    /// <summary>Distinct accounts failing from one address in the window: credential stuffing (critical, blocked). See <see cref="FailedLoginsPerIp"/>.</summary>
    [Range(2, 10_000)]
    public int StuffingAccountsPerIp { get; set; } = 30;

    /// <summary>Failed sign-ins on one account in an hour that raise a medium alert.</summary>
    [Range(2, 10_000)]
    public int FailedLoginsPerAccountPerHour { get; set; } = 6;

    /// <summary>Registrations started from one address in an hour that raise a medium alert.</summary>
    [Range(2, 10_000)]
    public int RegistrationsPerIpPerHour { get; set; } = 10;

    /// <summary>Refused (403) requests by one user in the window that raise a medium alert (a user probing what they may not reach).</summary>
    [Range(2, 10_000)]
    public int AccessDeniedPerUser { get; set; } = 15;

    /// <summary>Refused (403) requests from one address in the window, counting every caller there, that raise a medium alert.</summary>
    [Range(2, 10_000)]
    public int AccessDeniedPerIp { get; set; } = 40;

    /// <summary>How long an automatic block lasts.</summary>
    [Range(1, 10_080)]
    public int AutoBlockMinutes { get; set; } = 60;

    /// <summary>Addresses or networks never blocked automatically (none given: loopback). Manual blocks still apply.</summary>
    public List<string> NeverAutoBlock { get; set; } = [];

    internal bool Exempt(string? ip) =>
        ip is null || !IPAddress.TryParse(ip, out _)
        || Platform.Http.ClientAddresses.InAny(ip, NeverAutoBlock.Count == 0 ? Platform.Http.ClientAddresses.Loopback : NeverAutoBlock.Where(e => e != "none"));
}
