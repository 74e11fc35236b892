using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

/// <summary>
/// Tries the waiting erasure requests again on the platform's frequent job (every <c>Jobs:ReconcileSeconds</c>): one whose money has been paid
/// out goes ahead by itself, one still blocked keeps waiting with its reason brought up to date. Safe to run twice: each erasure claims its request.
/// </summary>
internal sealed partial class ErasureRetries : IReconciliationTask
{
    private const int PageSize = 50;
    private readonly AppDbFactory _factory;
    private readonly Erasures _erasures;
    private readonly ILogger<ErasureRetries> _log;

    public ErasureRetries(AppDbFactory factory, Erasures erasures, ILogger<ErasureRetries> log)
    {
        _factory = factory;
        _erasures = erasures;
        _log = log;
    }

    public string Name => "privacy erasures waiting";

    public async Task RunAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        // Every waiting request, a page at a time by id: those that stay blocked never starve the ones behind them.
        var after = Guid.Empty;
        while (true)
        {
            var cursor = after;
            var waiting = await db.GetTable<PrivacyRequestRow>()
                .Where(r => r.Status == PrivacyRequestRow.Waiting && r.Type == PrivacyRequestRow.Erasure && Keys.After(r.Id, cursor))
                .OrderBy(r => r.Id).Take(PageSize).ToListAsync(cancellationToken);
            foreach (var request in waiting)
            {
                try
                {
                    await _erasures.TryAsync(db, request, now, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Failed(ex, request.RequestId);
                }
            }
            if (waiting.Count < PageSize)
            {
                return;
            }
            after = waiting[^1].Id;
        }
    }

    [LoggerMessage(EventId = 17113, Level = LogLevel.Error, Message = "Erasure request {RequestId} could not be tried again; it stays waiting")]
    private partial void Failed(Exception ex, string requestId);
}
