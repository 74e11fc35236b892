using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Api.Platform.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Infrastructure;

/// <summary>
/// The real service (Program) on Kestrel at 127.0.0.1 on a free port, over a fresh database of one
/// engine. One host per engine is shared by the whole run (<see cref="For"/>, stopped by
/// <see cref="TestRun"/> at the end); each test creates its own data and never counts rows other tests made.
/// </summary>
public sealed partial class ApiHost : WebApplicationFactory<Program>
{
    private static readonly ConcurrentDictionary<string, Lazy<ApiHost>> Shared = new();
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private bool _ownsDatabase;

    /// <summary>A host of its own (for tests that tamper with data or change settings); dispose it, and its database goes too.</summary>
    public ApiHost(string engine, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
        : this(TestDatabase.Create(engine), settings, services)
    {
        _ownsDatabase = true;
    }

    /// <summary>A host of its own over a database the test prepared (and disposes).</summary>
    public ApiHost(TestDatabase database, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        Database = database;
        DataDirectory = Path.Combine(Database.Directory, "data");
        LogDirectory = Path.Combine(Database.Directory, "logs");
        _settings = TestFiles.HostSettings(Database);
        _settings["Notifications:Outbox:PollIntervalSeconds"] = "1";
        // Every test calls from 127.0.0.1; the per-address limits get their own tests.
        _settings["Http:PermitsPerMinutePerIp"] = "100000";
        _settings["Identity:AuthPermitsPerMinutePerIp"] = "100000";
        // A null value takes a setting away: the service's own default applies.
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }
        UseKestrel();
        // Started here, once: the lazy start of WebApplicationFactory is not safe under parallel first use.
        StartServer();
    }

    public TestDatabase Database { get; }

    public string DataDirectory { get; }

    public string LogDirectory { get; }

    public string PickupFile => Path.Combine(DataDirectory, "outbox", "messages.jsonl");

    /// <summary>The run's shared host for <paramref name="engine"/>, started on first use.</summary>
    public static ApiHost For(string engine) =>
        Shared.GetOrAdd(engine, e => new Lazy<ApiHost>(() => new ApiHost(e))).Value;

    /// <summary>
    /// A shared host for <paramref name="engine"/> with settings of its own, one per <paramref name="profile"/>
    /// name (started on first use, stopped with the others at the end of the run).
    /// </summary>
    public static ApiHost For(string engine, string profile, IDictionary<string, string?> settings) =>
        Shared.GetOrAdd($"{engine}:{profile}", _ => new Lazy<ApiHost>(() => new ApiHost(engine, settings))).Value;

    public AppDbFactory DbFactory => Services.GetRequiredService<AppDbFactory>();

    /// <summary>The end of the run: the shared hosts stop and their databases go.</summary>
    internal static async Task DisposeSharedAsync()
    {
        foreach (var host in Shared.Values.Where(h => h.IsValueCreated).Select(h => h.Value))
        {
            await host.DisposeAsync();
        }
        Shared.Clear();
    }

    /// <summary>Stops the service, then drops the database this host made.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            _ownsDatabase = false;
            Database.Dispose();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As in Development: a singleton holding a scoped service fails the start, not a request in production.
        builder.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>Reads the pickup file's messages (one JSON object per line).</summary>
    public IReadOnlyList<JsonElement> PickupMessages()
    {
        if (!File.Exists(PickupFile))
        {
            return [];
        }
        using var stream = new FileStream(PickupFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        // Every message ends with a newline: what follows the last one is a line the service is still writing
        // (read mid-write, it is not yet JSON), so it is left for the next read.
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    /// <summary>Waits (polling, bounded) until the pickup file holds a message matching <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForPickupAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var found = PickupMessages().Where(match).ToList();
            if (found.Count > 0)
            {
                return found[0];
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("No matching message reached the pickup file in time.");
    }

    /// <summary>How many messages have reached <paramref name="destination"/> so far.</summary>
    public int MessagesTo(string destination) => PickupMessages().Count(m => m.GetProperty("to").GetString() == destination);

    /// <summary>The newest 6-digit code sent to <paramref name="destination"/>, once message number <paramref name="count"/> has arrived (polling, bounded).</summary>
    public async Task<string> CodeSentToAsync(string destination, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var messages = PickupMessages().Where(m => m.GetProperty("to").GetString() == destination).ToList();
            if (messages.Count >= count)
            {
                return SixDigits().Match(messages[^1].GetProperty("body").GetString()!).Value;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No code number {count} reached the destination.");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b\d{6}\b")]
    private static partial System.Text.RegularExpressions.Regex SixDigits();

    public string ReadLog(string file) => TestFiles.ReadShared(Path.Combine(LogDirectory, file + ".log"));
}

public static class HttpJson
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string path, T body) =>
        client.PostAsJsonAsync(path, body);
}
