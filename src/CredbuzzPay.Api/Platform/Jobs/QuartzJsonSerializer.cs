using System.Collections.Specialized;
using System.Text.Json;
using Quartz;
using Quartz.Spi;

namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>
/// Quartz's database store needs a serializer for job data; its default (BinaryFormatter) is gone
/// from modern .NET and the System.Text.Json package is not published for Quartz 3. Our jobs keep
/// their data as string properties (<c>UseProperties</c>), so string maps are all this supports;
/// anything else (calendars, object job data) is refused loudly rather than stored badly.
/// </summary>
internal sealed class QuartzJsonSerializer : IObjectSerializer
{
    public void Initialize()
    {
    }

    public byte[] Serialize<T>(T obj) where T : class => obj switch
    {
        NameValueCollection collection => JsonSerializer.SerializeToUtf8Bytes(collection.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => collection[k])),
        JobDataMap map => JsonSerializer.SerializeToUtf8Bytes(map.ToDictionary(kv => kv.Key, kv => kv.Value as string ?? throw Unsupported(kv.Value?.GetType()))),
        _ => throw Unsupported(obj.GetType()),
    };

    public T DeSerialize<T>(byte[] data) where T : class
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, string?>>(data) ?? [];
        if (typeof(T) == typeof(NameValueCollection))
        {
            var collection = new NameValueCollection();
            foreach (var (key, value) in values)
            {
                collection[key] = value;
            }
            return (T)(object)collection;
        }
        if (typeof(T).IsAssignableFrom(typeof(JobDataMap)))
        {
            var map = new JobDataMap();
            foreach (var (key, value) in values)
            {
                map[key] = value!;
            }
            return (T)(object)map;
        }
        throw Unsupported(typeof(T));
    }

    private static NotSupportedException Unsupported(Type? type) =>
        new($"Job data of type {type?.Name ?? "null"} cannot be stored; keep job data as strings.");
}
