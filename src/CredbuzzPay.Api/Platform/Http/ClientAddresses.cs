using System.Net;

namespace CredbuzzPay.Api.Platform.Http;

/// <summary>The one way to read a client's address and to match it against configured addresses and networks.</summary>
public static class ClientAddresses
{
    /// <summary>The caller's address as text, IPv4 addresses mapped into IPv6 shown as IPv4; null when unknown.</summary>
    public static string? Of(HttpContext http) => http.Connection.RemoteIpAddress is { } address ? Normalise(address).ToString() : null;

    public static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>Whether <paramref name="address"/> is one of <paramref name="entries"/> (single addresses or CIDR networks); unparsable entries match nothing.</summary>
    public static bool InAny(IPAddress? address, IEnumerable<string> entries)
    {
        if (address is null)
        {
            return false;
        }
        address = Normalise(address);
        foreach (var entry in entries)
        {
            var network = entry.Contains('/', StringComparison.Ordinal) ? entry : entry + (entry.Contains(':', StringComparison.Ordinal) ? "/128" : "/32");
            if (IPNetwork.TryParse(network, out var parsed) && parsed.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    public static bool InAny(string? address, IEnumerable<string> entries) =>
        address is not null && IPAddress.TryParse(address, out var parsed) && InAny(parsed, entries);

    /// <summary>Loopback, the default for lists that must never be empty in effect.</summary>
    public static readonly IReadOnlyList<string> Loopback = ["127.0.0.0/8", "::1/128"];
}
