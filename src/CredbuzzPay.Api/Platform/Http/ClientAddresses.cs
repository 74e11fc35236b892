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

    /// <summary>True when <paramref name="entry"/> is a single IPv4/IPv6 address or a CIDR network.</summary>
    public static bool IsAddressOrNetwork(string? entry) =>
        !string.IsNullOrWhiteSpace(entry) && (IPAddress.TryParse(entry.Trim(), out _) || IPNetwork.TryParse(entry.Trim(), out _));

    /// <summary>The configured entries as networks (a single address is its own /32 or /128).</summary>
    public static IEnumerable<IPNetwork> Networks(IEnumerable<string> entries) =>
        entries.Select(e => e.Trim()).Select(e => e.Contains('/', StringComparison.Ordinal)
            ? IPNetwork.Parse(e)
            : new IPNetwork(IPAddress.Parse(e), IPAddress.Parse(e).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));

    /// <summary>
    /// The key per-address limits count under: the IPv4 address, or the /64 an IPv6 address belongs
    /// to (one subscriber's line is a /64 and they may use any address in it).
    /// </summary>
    public static string PartitionKey(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is not { } remote)
        {
            return "unknown";
        }
        var address = Normalise(remote);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Loopback, the default for lists that must never be empty in effect.</summary>
    public static readonly IReadOnlyList<string> Loopback = ["127.0.0.0/8", "::1/128"];
}
