namespace CredbuzzPay.Api.Modules.Identity.Passwords;

/// <summary>
/// A bundled list of passwords that meet the composition rules yet are among the first an attacker
/// tries (<c>Password@123</c>, <c>India@2025</c>...). Compared case-insensitively.
/// </summary>
internal static class CommonPasswords
{
    private static readonly Lazy<HashSet<string>> List = new(Load);

    public static bool Contains(string password) => List.Value.Contains(password.Trim());

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("CredbuzzPay.Api.Modules.Identity.Passwords.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim());
            }
        }
        return set;
    }
}
