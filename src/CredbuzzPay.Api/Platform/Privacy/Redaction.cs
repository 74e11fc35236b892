using System.Text.RegularExpressions;

namespace CredbuzzPay.Api.Platform.Privacy;

/// <summary>
/// Recognises secrets (passwords, OTPs, tokens, Aadhaar, PAN, bank account numbers) by the name they
/// travel under and by their shape, and blanks them. Used by the log pipeline and the audit trail as
/// a safety net: code must still never hand them a secret.
/// </summary>
public static partial class Redaction
{
    public const string Mask = "[REDACTED]";

    private static readonly HashSet<string> SensitiveWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "pwd", "passphrase", "otp", "token", "tokens", "secret", "aadhaar", "aadhar",
        "pan", "authorization", "cookie", "cvv", "pin", "refresh", "jwt", "apikey", "ssn",
    };

    /// <summary>True when a property or field named so carries a secret (<c>password</c>, <c>new_password</c>, <c>aadhaarNumber</c>, <c>account_number</c>...).</summary>
    public static bool IsSensitiveName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }
        var words = WordSplitter().Matches(name).Select(m => m.Value.ToLowerInvariant()).ToArray();
        if (words.Any(SensitiveWords.Contains))
        {
            return true;
        }
        var joined = string.Concat(words);
        return joined.Contains("accountnumber", StringComparison.Ordinal)
            || joined.Contains("accountno", StringComparison.Ordinal)
            || joined.Contains("apikey", StringComparison.Ordinal)
            || joined.Contains("privatekey", StringComparison.Ordinal);
    }

    /// <summary>Blanks whatever in free text looks like a secret.</summary>
    public static string RedactText(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var result = Jwt().Replace(text, Mask);
        result = Bearer().Replace(result, "${scheme} " + Mask);
        result = KeyValue().Replace(result, m => m.Groups["key"].Value + m.Groups["sep"].Value + Mask);
        result = ContextualCode().Replace(result, m => m.Groups["lead"].Value + Mask);
        result = Aadhaar().Replace(result, Mask);
        result = Pan().Replace(result, Mask);
        result = LongDigits().Replace(result, Mask);
        return result;
    }

    /// <summary>True when the text just before a value names a secret ("password: ", "OTP is ").</summary>
    public static bool NamesSecretBefore(string precedingText) => TrailingSecretWord().IsMatch(precedingText);

    [GeneratedRegex("[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")]
    private static partial Regex WordSplitter();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?<scheme>\b[Bb]earer|\b[Bb]asic)\s+[A-Za-z0-9._~+/=-]{8,}")]
    private static partial Regex Bearer();

    [GeneratedRegex(@"(?<key>\b[\w-]*(?:password|passwd|pwd|otp|token|secret|aadhaa?r(?:_?number)?|pan(?:_?number)?|account_?(?:number|no)|api_?key|authorization)\b[""']?)(?<sep>\s*[:=]\s*[""']?)(?!\[REDACTED\])[^\s""',;&}\]]+", RegexOptions.IgnoreCase)]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"(?<lead>\b(?:otp|code|pin|passcode|password)\b[^0-9\n]{0,20}?)\d{4,8}(?![\w])", RegexOptions.IgnoreCase)]
    private static partial Regex ContextualCode();

    [GeneratedRegex(@"(?<![\w-])\d{4}[ -]?\d{4}[ -]?\d{4}(?![\w-])")]
    private static partial Regex Aadhaar();

    [GeneratedRegex(@"\b[A-Za-z]{3}[PCHFATBLJGpchfatbljg][A-Za-z]\d{4}[A-Za-z]\b")]
    private static partial Regex Pan();

    [GeneratedRegex(@"(?<![\w.])\d{9,18}(?![\w.])")]
    private static partial Regex LongDigits();

    // The secret's name, then at most a separator or a copula: "OTP {Code}", "password: {Value}", "code is {Value}",
    // but not "code over {Channel}" (the word names what was sent, the value is something else).
    [GeneratedRegex(@"\b(?:password|passwd|pwd|otp|token|secret|aadhaa?r|pan|account\s*(?:number|no)|code|pin)\b\s*(?:[:=]|\bis\b|\bwas\b)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingSecretWord();
}
