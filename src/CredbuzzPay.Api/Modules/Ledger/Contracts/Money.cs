using System.Globalization;
using System.Text.Json;

namespace CredbuzzPay.Api.Modules.Ledger.Contracts;

/// <summary>
/// Money at the edge: <c>long</c> paise inside, a decimal string with two decimals in JSON
/// (<c>"1000.00"</c>). Parsing is textual (digits, an optional point and at most two decimals), so no
/// floating point value ever stands for an amount.
/// </summary>
public static class Money
{
    /// <summary>The largest amount one request may carry: 10,000,000.00.</summary>
    public const long MaxRequestPaise = 1_000_000_000;

    /// <summary>Paise as a decimal string: 100050 → "1000.50", -5 → "-0.05".</summary>
    public static string Format(long paise)
    {
        var sign = paise < 0 ? "-" : "";
        var abs = paise == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(paise);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{abs / 100}.{abs % 100:D2}");
    }

    /// <summary>
    /// A non-negative amount written with digits, an optional point and at most two decimals
    /// ("1000", "1000.5", "1000.50"), at most <paramref name="maxPaise"/>; null for anything else
    /// (signs, exponents, spaces, a third decimal).
    /// </summary>
    public static long? ParseText(string? text, long maxPaise = long.MaxValue / 2)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 20)
        {
            return null;
        }
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? "" : text[(point + 1)..];
        if (whole.Length == 0 || whole.Length > 15 || fraction.Length > 2 || (point >= 0 && fraction.Length == 0)
            || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit))
        {
            return null;
        }
        var paise = long.Parse(whole, CultureInfo.InvariantCulture) * 100 + (fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture));
        return paise <= maxPaise ? paise : null;
    }

    /// <summary>
    /// A request amount given as a JSON string or number: greater than 0, at most two decimals, at most
    /// 10,000,000.00. Answers the paise, or the message for a 400 field error.
    /// </summary>
    public static (long Paise, string? Error) ParseRequest(JsonElement? value)
    {
        const string Rule = "Give an amount greater than 0 and at most 10000000.00, with at most two decimals, as a string (\"100.00\") or a number.";
        if (value is not { } element || element.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return (0, Rule);
        }
        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
        var paise = ParseText(text, MaxRequestPaise);
        return paise is > 0 ? (paise.Value, null) : (0, Rule);
    }
}

/// <summary>The day limits count in: Asia/Kolkata (UTC+05:30 all year; India keeps no daylight saving time).</summary>
public static class BankingDay
{
    public static readonly TimeSpan Offset = new(5, 30, 0);

    public static DateOnly Of(DateTime utc) => DateOnly.FromDateTime(utc + Offset);

    public static string Key(DateTime utc) => Of(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A query's day (<c>yyyy-MM-dd</c>, Asia/Kolkata), null when absent; a 400 on <paramref name="field"/> otherwise.</summary>
    public static DateOnly? FromQuery(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? null
            : DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
            : throw Platform.Errors.ApiProblemException.Validation(field, "Give a day as yyyy-MM-dd (Asia/Kolkata).");

    /// <summary>The instants a list's <c>from</c> and <c>to</c> days (both inclusive, Asia/Kolkata) span: from (inclusive) and before (exclusive); null where absent.</summary>
    public static (DateTime? FromUtc, DateTime? BeforeUtc) Window(DateOnly? from, DateOnly? to) =>
        (from is { } f ? StartUtc(f) : null, to is { } t ? StartUtc(t.AddDays(1)) : null);

    /// <summary>The instant (UTC) an Asia/Kolkata day begins.</summary>
    public static DateTime StartUtc(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - Offset;
}
