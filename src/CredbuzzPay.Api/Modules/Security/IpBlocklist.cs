using CredbuzzPay.Api.Modules.Security.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Security;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Security;

/// <summary>
/// The blocked addresses, held in memory and reloaded from the database at most every few seconds
/// (so every node sees a block within that time, and a request costs no query); a block or unblock
/// on this node takes effect here at once.
/// </summary>
internal sealed class IpBlocklist : IRequestGate
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private readonly AppDbFactory _factory;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Dictionary<string, DateTime?> _blocked = [];
    private DateTime _loadedAt = DateTime.MinValue;

    public IpBlocklist(AppDbFactory factory, TimeProvider clock)
    {
        _factory = factory;
        _clock = clock;
    }

    public async ValueTask<string?> RefusalAsync(HttpContext context)
    {
        if (Platform.Http.ClientAddresses.Of(context) is not { } text)
        {
            return null;
        }
        var now = _clock.GetUtcNow().UtcDateTime;
        if (now - _loadedAt > Refresh)
        {
            await ReloadAsync(now, context.RequestAborted);
        }
        return _blocked.TryGetValue(text, out var until) && (until is null || until > now)
            ? "Requests from this address are blocked."
            : null;
    }

    public void Invalidate() => _loadedAt = DateTime.MinValue;

    private async Task ReloadAsync(DateTime now, CancellationToken cancellationToken)
    {
        if (!await _loading.WaitAsync(0, cancellationToken))
        {
            return; // another request is reloading; this one uses the current list
        }
        try
        {
            await using var db = _factory.Create();
            var rows = await db.GetTable<BlockedIp>().Where(b => b.BlockedUntil == null || b.BlockedUntil > now).Select(b => new { b.IpAddress, b.BlockedUntil })
                .ToListAsync(cancellationToken);
            _blocked = rows.ToDictionary(r => r.IpAddress, r => r.BlockedUntil);
            _loadedAt = now;
        }
        finally
        {
            _loading.Release();
        }
    }
}
