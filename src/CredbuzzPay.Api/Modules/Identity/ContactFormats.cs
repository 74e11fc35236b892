using System.Net.Mail;
using System.Text.RegularExpressions;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>Email and Indian mobile number rules, and the one stored form of each.</summary>
internal static partial class ContactFormats
{
    public static bool IsEmail(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 254 || value.Any(char.IsWhiteSpace))
        {
            return false;
        }
        return MailAddress.TryCreate(value, out var address) && address.Address == value && EmailShape().IsMatch(value);
    }

    public static string NormalizeEmail(string value) => value.Trim().ToLowerInvariant();

    /// <summary>10 digits starting 6-9, optionally after +91, 91 or 0.</summary>
    public static bool TryNormalizeMobile(string? value, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        var match = IndianMobile().Match(value.Trim());
        if (!match.Success)
        {
            return false;
        }
        normalized = "+91" + match.Groups["number"].Value;
        return true;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^(?:\+91[\s-]?|91|0)?(?<number>[6-9]\d{9})$")]
    private static partial Regex IndianMobile();
}
