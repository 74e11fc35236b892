using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CredbuzzPay.Api.Modules.BillPay.Catalogue;
using CredbuzzPay.Api.Modules.BillPay.Data;

namespace CredbuzzPay.Api.Modules.BillPay.Features.Payments;

/// <summary>
/// A biller's customer parameters as a request gives them: every one checked against the biller's regex (a 400 per field,
/// before anything is looked up or sent), masked to their last four for every answer, kept encrypted, and compared by
/// keyed hash only.
/// </summary>
internal static class BillParams
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(50);

    public static Dictionary<string, string> Read(BillerRow biller, JsonElement? given, Dictionary<string, string[]> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (given is not { ValueKind: JsonValueKind.Object } body)
        {
            errors["customer_params"] = ["An object of the biller's customer parameters (see bills/billers/{biller_id}/)."];
            return values;
        }
        foreach (var param in BillerCatalogue.ParamsOf(biller))
        {
            var text = body.TryGetProperty(param.Name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim().Replace(" ", "", StringComparison.Ordinal) : null;
            if (string.IsNullOrEmpty(text))
            {
                if (param.Required)
                {
                    errors[$"customer_params.{param.Name}"] = [$"{param.Label} is required."];
                }
                continue;
            }
            bool matches;
            try
            {
                matches = text.Length <= 64 && Regex.IsMatch(text, param.Regex, RegexOptions.CultureInvariant, RegexBudget);
            }
            catch (RegexMatchTimeoutException)
            {
                matches = false;
            }
            if (!matches)
            {
                errors[$"customer_params.{param.Name}"] = [$"{param.Label} is not in the biller's format."];
                continue;
            }
            values[param.Name] = text;
        }
        return values;
    }

    /// <summary>Each value with all but its last four characters hidden (a card number shows its last 4 only).</summary>
    public static Dictionary<string, string> Masked(IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(v => v.Key, v => v.Value.Length > 4 ? new string('X', v.Value.Length - 4) + v.Value[^4..] : new string('X', v.Value.Length), StringComparer.Ordinal);

    /// <summary>A keyed hash of the biller and the values (a fetched bill is paid only with the same parameters).</summary>
    public static string Hash(byte[] key, string billerId, IReadOnlyDictionary<string, string> values) =>
        Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(billerId + "\n" + string.Join("\n", values.OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => v.Key + "=" + v.Value)))));

    public static string Json(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values);

    public static Dictionary<string, string> FromJson(string json) => JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
