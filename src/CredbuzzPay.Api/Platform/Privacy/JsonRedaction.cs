using System.Text.Json;
using System.Text.Json.Nodes;

namespace CredbuzzPay.Api.Platform.Privacy;

/// <summary>Serialises an object to JSON with every secret-named field and secret-shaped value blanked.</summary>
public static class JsonRedaction
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string? Serialize(object? value, int maxLength = 8192)
    {
        if (value is null)
        {
            return null;
        }
        var node = JsonSerializer.SerializeToNode(value, value.GetType(), Options);
        var json = Redact(node)?.ToJsonString() ?? "null";
        return json.Length <= maxLength ? json : JsonSerializer.Serialize(new { truncated = true, length = json.Length });
    }

    private static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    obj[name] = Redaction.IsSensitiveName(name) ? JsonValue.Create(Redaction.Mask) : Redact(child?.DeepClone());
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Redact(array[i]?.DeepClone());
                }
                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(Redaction.RedactText(value.GetValue<string>()));
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                var text = value.ToJsonString();
                var redacted = Redaction.RedactText(text);
                return redacted == text ? value : JsonValue.Create(redacted);
            default:
                return node;
        }
    }
}
