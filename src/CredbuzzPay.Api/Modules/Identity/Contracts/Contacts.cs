namespace CredbuzzPay.Api.Modules.Identity.Contracts;

/// <summary>The identity module's email and Indian mobile rules, for other modules that collect contacts.</summary>
public static class Contacts
{
    public static bool IsEmail(string? value) => ContactFormats.IsEmail(value);

    /// <summary>The stored form (<c>+91</c> and 10 digits) of an Indian mobile, or null.</summary>
    public static string? Mobile(string? value) => ContactFormats.TryNormalizeMobile(value, out var normalized) ? normalized : null;
}
