using System.Text.RegularExpressions;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>
/// Format and checksum rules of the Indian identity and banking numbers KYC collects. Each answers
/// the normalised number (upper case, no spaces or dashes) or null when the input is not one.
/// </summary>
internal static partial class IndianIds
{
    private const string Base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    // Verhoeff's dihedral-group tables (multiplication, permutation, inverse).
    private static readonly byte[,] D =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 }, { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
        { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 }, { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
        { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 }, { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
        { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
    };

    private static readonly byte[,] P =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 }, { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
        { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 }, { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
        { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
    };

    private static readonly byte[] Inverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

    /// <summary>True when the digit string passes Verhoeff's check (its last digit is the check digit).</summary>
    public static bool VerhoeffValid(string digits)
    {
        var c = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }
            c = D[c, P[i % 8, digit]];
        }
        return c == 0;
    }

    /// <summary>The Verhoeff check digit to append to <paramref name="digits"/>.</summary>
    public static int VerhoeffCheckDigit(string digits)
    {
        var c = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            c = D[c, P[(i + 1) % 8, digits[digits.Length - 1 - i] - '0']];
        }
        return Inverse[c];
    }

    /// <summary>12 digits, not starting with 0 or 1, with a valid Verhoeff check digit (spaces and dashes allowed in input).</summary>
    public static string? Aadhaar(string? input)
    {
        var clean = Clean(input);
        return clean is not null && AadhaarShape().IsMatch(clean) && VerhoeffValid(clean) ? clean : null;
    }

    /// <summary><c>AAAAA9999A</c>; <paramref name="person"/> requires the 4th letter P (an individual's PAN).</summary>
    public static string? Pan(string? input, bool person = false)
    {
        var clean = Clean(input);
        return clean is not null && PanShape().IsMatch(clean) && (!person || clean[3] == 'P') ? clean : null;
    }

    /// <summary><c>AAAA0XXXXXX</c>: bank code, a zero, branch code.</summary>
    public static string? Ifsc(string? input)
    {
        var clean = Clean(input);
        return clean is not null && IfscShape().IsMatch(clean) ? clean : null;
    }

    /// <summary>Six digits, not starting with 0.</summary>
    public static string? Pincode(string? input)
    {
        var clean = input?.Trim();
        return clean is not null && PincodeShape().IsMatch(clean) ? clean : null;
    }

    /// <summary>
    /// 15 characters: state code (01-38, 97 other territory, 99 centre), the holder's PAN, entity
    /// number, <c>Z</c>, and a base-36 check character (weights 1, 2 alternating, digits of base-36 products summed).
    /// </summary>
    public static string? Gstin(string? input)
    {
        var clean = Clean(input);
        if (clean is null || !GstinShape().IsMatch(clean))
        {
            return null;
        }
        var state = int.Parse(clean.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture);
        if (state is < 1 or > 38 and not 97 and not 99)
        {
            return null;
        }
        return GstinCheckCharacter(clean.AsSpan(0, 14)) == clean[14] ? clean : null;
    }

    public static char GstinCheckCharacter(ReadOnlySpan<char> first14)
    {
        var sum = 0;
        for (var i = 0; i < first14.Length; i++)
        {
            var product = Base36.IndexOf(first14[i], StringComparison.Ordinal) * (i % 2 == 0 ? 1 : 2);
            sum += product / 36 + product % 36;
        }
        return Base36[(36 - sum % 36) % 36];
    }

    /// <summary>The PAN inside a GSTIN (characters 3 to 12).</summary>
    public static string PanOfGstin(string gstin) => gstin.Substring(2, 10);

    /// <summary>9 to 18 digits, as Indian banks issue them.</summary>
    public static string? AccountNumber(string? input)
    {
        var clean = Clean(input);
        return clean is not null && AccountShape().IsMatch(clean) ? clean : null;
    }

    private static string? Clean(string? input) =>
        input is null ? null : new string(input.Where(c => c is not (' ' or '-')).ToArray()).ToUpperInvariant();

    [GeneratedRegex("^[2-9][0-9]{11}$")]
    private static partial Regex AadhaarShape();

    [GeneratedRegex("^[A-Z]{5}[0-9]{4}[A-Z]$")]
    private static partial Regex PanShape();

    [GeneratedRegex("^[A-Z]{4}0[A-Z0-9]{6}$")]
    private static partial Regex IfscShape();

    [GeneratedRegex("^[1-9][0-9]{5}$")]
    private static partial Regex PincodeShape();

    [GeneratedRegex("^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$")]
    private static partial Regex GstinShape();

    [GeneratedRegex("^[0-9]{9,18}$")]
    private static partial Regex AccountShape();
}
