namespace CredbuzzPay.Api.Modules.Identity.Sessions;

/// <summary>
/// Device, browser and OS from a User-Agent header, by the markers the common clients send. Coarse
/// on purpose: enough for login history and new-device alerts, not for analytics.
/// </summary>
internal static class UserAgents
{
    public static (string Device, string Browser, string Os) Parse(string? userAgent)
    {
        var ua = userAgent ?? "";
        var os = Has(ua, "Windows") ? "Windows"
            : Has(ua, "iPhone") || Has(ua, "iPad") || Has(ua, "iOS") ? "iOS"
            : Has(ua, "Android") ? "Android"
            : Has(ua, "Mac OS X") || Has(ua, "Macintosh") ? "macOS"
            : Has(ua, "CrOS") ? "ChromeOS"
            : Has(ua, "Linux") ? "Linux"
            : "Other";
        var browser = Has(ua, "Edg/") ? "Edge"
            : Has(ua, "OPR/") || Has(ua, "Opera") ? "Opera"
            : Has(ua, "SamsungBrowser") ? "Samsung Internet"
            : Has(ua, "Firefox/") ? "Firefox"
            : Has(ua, "Chrome/") || Has(ua, "CriOS") ? "Chrome"
            : Has(ua, "Safari/") ? "Safari"
            : Has(ua, "curl/") ? "curl"
            : Has(ua, "okhttp") ? "okhttp"
            : Has(ua, "PostmanRuntime") ? "Postman"
            : "Other";
        var device = Has(ua, "iPad") || Has(ua, "Tablet") ? "tablet"
            : Has(ua, "Mobi") || Has(ua, "iPhone") || (Has(ua, "Android") && !Has(ua, "Tablet")) ? "mobile"
            : os is "Windows" or "macOS" or "Linux" or "ChromeOS" ? "desktop"
            : "other";
        return (device, browser, os);
    }

    private static bool Has(string ua, string marker) => ua.Contains(marker, StringComparison.OrdinalIgnoreCase);
}
