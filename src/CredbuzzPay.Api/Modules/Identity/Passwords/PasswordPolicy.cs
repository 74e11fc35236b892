namespace CredbuzzPay.Api.Modules.Identity.Passwords;

/// <summary>
/// The password rules of seeds 000 and 004: 8 to 128 characters with an uppercase and a lowercase
/// letter, a digit and a special character, not on the bundled list of common passwords, and not
/// containing the account's own email or mobile.
/// </summary>
internal static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>What is wrong with the password; empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Check(string? password, string? email = null, string? mobile = null)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password))
        {
            problems.Add("A password is required.");
            return problems;
        }
        if (password.Length < MinLength)
        {
            problems.Add($"Use at least {MinLength} characters.");
        }
        if (password.Length > MaxLength)
        {
            problems.Add($"Use at most {MaxLength} characters.");
        }
        if (!password.Any(char.IsUpper))
        {
            problems.Add("Include an uppercase letter.");
        }
        if (!password.Any(char.IsLower))
        {
            problems.Add("Include a lowercase letter.");
        }
        if (!password.Any(char.IsDigit))
        {
            problems.Add("Include a digit.");
        }
        if (password.All(char.IsLetterOrDigit))
        {
            problems.Add("Include a special character.");
        }
        if (problems.Count == 0 && CommonPasswords.Contains(password))
        {
            problems.Add("This password is too common; choose another.");
        }
        if (!string.IsNullOrEmpty(email) && password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)
        {
            problems.Add("Do not use your email address in the password.");
        }
        if (!string.IsNullOrEmpty(mobile) && mobile.Length >= 10 && password.Contains(mobile[^10..], StringComparison.Ordinal))
        {
            problems.Add("Do not use your mobile number in the password.");
        }
        return problems;
    }
}
