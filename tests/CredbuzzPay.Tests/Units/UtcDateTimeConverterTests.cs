using System.Text.Json;
using CredbuzzPay.Api.Platform.Http;

namespace CredbuzzPay.Tests.Units;

public sealed class UtcDateTimeConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new UtcDateTimeConverter() } };

    [Fact]
    public void InstantsWithoutAKind_AreWrittenAsUtcWithZ()
    {
        var unspecified = new DateTime(2026, 11, 23, 10, 15, 2, 123, DateTimeKind.Unspecified);

        Assert.Equal("\"2026-11-23T10:15:02.123Z\"", JsonSerializer.Serialize(unspecified, Options));
        Assert.Equal("\"2026-11-23T10:15:02.123Z\"", JsonSerializer.Serialize(DateTime.SpecifyKind(unspecified, DateTimeKind.Utc), Options));
    }

    [Fact]
    public void ReadInstants_AreUtc()
    {
        Assert.Equal(DateTimeKind.Utc, JsonSerializer.Deserialize<DateTime>("\"2026-11-23T10:15:02\"", Options).Kind);
        Assert.Equal(new DateTime(2026, 11, 23, 4, 45, 2, DateTimeKind.Utc), JsonSerializer.Deserialize<DateTime>("\"2026-11-23T10:15:02+05:30\"", Options));
    }
}
