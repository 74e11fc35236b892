using System.Text.Json;
using CredbuzzPay.Api.Platform.Storage;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>
/// The Development (and unconfigured) delivery: one JSON object per line in
/// <c>&lt;DataDirectory&gt;/outbox/messages.jsonl</c> with keys <c>channel</c>, <c>to</c>, <c>subject</c>,
/// <c>body</c>, <c>created_at</c>. The file is for the developer's eyes; it is never a log.
/// </summary>
internal sealed class PickupFile : IMessageSender
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    // A file for people to read: '+' and non-ASCII names stay as they are (it is never served as HTML).
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly string _path;

    public PickupFile(IOptions<StorageOptions> storage)
    {
        _path = Path.Combine(storage.Value.FullDataDirectory, "outbox", "messages.jsonl");
    }

    public string FilePath => _path;

    public async Task SendAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(new PickupLine(
            message.Message.Channel,
            message.Message.To,
            message.Message.Subject,
            message.Message.Body,
            DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)), Json);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            Storage.PrivateFiles.CreateDirectory(Path.GetDirectoryName(_path)!);
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            await using var stream = new FileStream(_path, options);
            await using var writer = new StreamWriter(stream);
            await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    private sealed record PickupLine(
        [property: System.Text.Json.Serialization.JsonPropertyName("channel")] string Channel,
        [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
        [property: System.Text.Json.Serialization.JsonPropertyName("subject")] string? Subject,
        [property: System.Text.Json.Serialization.JsonPropertyName("body")] string Body,
        [property: System.Text.Json.Serialization.JsonPropertyName("created_at")] string CreatedAt);
}
