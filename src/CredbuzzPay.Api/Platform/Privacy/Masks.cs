namespace CredbuzzPay.Api.Platform.Privacy;

/// <summary>The only forms in which contact details and identity numbers are shown.</summary>
public static class Masks
{
    /// <summary><c>jane.doe@example.com</c> → <c>j******e@example.com</c>.</summary>
    public static string Email(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            return "***";
        }
        var local = email[..at];
        var shown = local.Length <= 2 ? local[..1] + "*" : local[0] + new string('*', local.Length - 2) + local[^1];
        return shown + email[at..];
    }

    /// <summary>Keeps the last four digits: <c>+919876543210</c> → <c>+91XXXXXX3210</c>.</summary>
    public static string Phone(string phone)
    {
        if (phone.Length <= 4)
        {
            return new string('X', phone.Length);
        }
        var prefix = phone.StartsWith("+91", StringComparison.Ordinal) ? "+91" : "";
        var digits = phone[prefix.Length..];
        return prefix + new string('X', Math.Max(0, digits.Length - 4)) + digits[^4..];
    }

    /// <summary>Any identity or account number, keeping the last four: <c>XXXX-XXXX-9012</c> for 12 digits.</summary>
    public static string Number(string number)
    {
        var clean = new string(number.Where(char.IsLetterOrDigit).ToArray());
        if (clean.Length <= 4)
        {
            return new string('X', clean.Length);
        }
        var masked = new string('X', clean.Length - 4) + clean[^4..];
        return clean.Length == 12 ? $"{masked[..4]}-{masked[4..8]}-{masked[8..]}" : masked;
    }
}
