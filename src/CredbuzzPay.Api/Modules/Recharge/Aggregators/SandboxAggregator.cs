using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Recharge.Aggregators;

/// <summary>
/// The aggregator sandbox, behaving as real aggregators do at their edges; the last two digits of the mobile number
/// (or DTH subscriber id) decide (docs/wallets-and-recharge.md):
/// 01 fails; 02 is pending, then succeeds at a status check; 03 stays pending (only a callback or staff end it);
/// 04 succeeds and its callback comes twice; 05 times out (it did recharge: the status API says so); 06 answers 503
/// (it did not: the status API says failed); 07 sends its success callback before replying pending; 08 succeeds, and
/// its status API later says the operator reversed it; 09 is pending, then fails at a status check; anything else
/// succeeds at once. Status checks of 02 and 09 answer pending <c>Recharge:Sandbox:PendingChecks</c> times first.
/// Callbacks are signed with <c>Recharge:Sandbox:CallbackSecret</c> and delivered to this service's own callback handler.
/// </summary>
internal sealed partial class SandboxAggregator : IRechargeAggregator
{
    public const string AggregatorName = "sandbox";
    private readonly IOptionsMonitor<RechargeOptions> _options;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<SandboxAggregator> _log;
    private readonly ConcurrentDictionary<string, int> _checks = new(StringComparer.Ordinal);

    public SandboxAggregator(IOptionsMonitor<RechargeOptions> options, IServiceScopeFactory scopes, ILogger<SandboxAggregator> log)
    {
        _options = options;
        _scopes = scopes;
        _log = log;
    }

    public string Name => AggregatorName;

    public async Task<AggregatorAnswer> RechargeAsync(AggregatorRequest request, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        var reference = ReferenceOf(request.PurchaseId);
        switch (Ending(request.Subscriber))
        {
            case "01":
                return new AggregatorAnswer(AggregatorStatus.Failed, Reason: "The operator refused the number (sandbox).");
            case "02" or "03" or "09":
                return new AggregatorAnswer(AggregatorStatus.Pending);
            case "04":
                await CallBackAsync(request.PurchaseId, "SUCCESS", reference);
                await CallBackAsync(request.PurchaseId, "SUCCESS", reference);
                return new AggregatorAnswer(AggregatorStatus.Success, reference);
            case "05":
                throw new TimeoutException("The sandbox aggregator did not answer in time.");
            case "06":
                throw new HttpRequestException("The sandbox aggregator answered 503 Service Unavailable.", null, HttpStatusCode.ServiceUnavailable);
            case "07":
                await CallBackAsync(request.PurchaseId, "SUCCESS", reference);
                return new AggregatorAnswer(AggregatorStatus.Pending);
            default:
                return new AggregatorAnswer(AggregatorStatus.Success, reference);
        }
    }

    public async Task<AggregatorAnswer> StatusAsync(AggregatorRequest request, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        var checks = _checks.AddOrUpdate(request.PurchaseId, 1, (_, n) => n + 1);
        var waited = checks > _options.CurrentValue.Sandbox.PendingChecks;
        var reference = ReferenceOf(request.PurchaseId);
        return Ending(request.Subscriber) switch
        {
            "01" or "06" => new AggregatorAnswer(AggregatorStatus.Failed, Reason: "The aggregator has no successful recharge for this request (sandbox)."),
            "02" => waited ? new AggregatorAnswer(AggregatorStatus.Success, reference) : new AggregatorAnswer(AggregatorStatus.Pending),
            "03" => new AggregatorAnswer(AggregatorStatus.Pending),
            "08" => new AggregatorAnswer(AggregatorStatus.Reversed, reference, "The operator reversed the recharge (sandbox)."),
            "09" => waited ? new AggregatorAnswer(AggregatorStatus.Failed, Reason: "The operator did not complete the recharge (sandbox).") : new AggregatorAnswer(AggregatorStatus.Pending),
            _ => new AggregatorAnswer(AggregatorStatus.Success, reference),
        };
    }

    /// <summary>The operator's reference of a request: the same for its reply, its callbacks and its status.</summary>
    public static string ReferenceOf(string purchaseId) => "OP" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(purchaseId)))[..14];

    private static string Ending(string subscriber) => subscriber.Length >= 2 ? subscriber[^2..] : subscriber;

    private Task LatencyAsync(CancellationToken cancellationToken) =>
        _options.CurrentValue.Sandbox.LatencyMilliseconds is > 0 and var ms ? Task.Delay(ms, cancellationToken) : Task.CompletedTask;

    /// <summary>Delivers a signed callback to this service's handler, as the aggregator would over HTTP; off without a callback secret.</summary>
    private async Task CallBackAsync(string purchaseId, string status, string reference)
    {
        var secret = _options.CurrentValue.Sandbox.CallbackSecret;
        if (secret.Length == 0)
        {
            return;
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["purchase_id"] = purchaseId, ["status"] = status, ["operator_ref"] = reference });
        await using var scope = _scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<Features.Purchases.PurchaseCallbacks>()
                .ReceiveAsync(AggregatorName, body, CallbackSignature.Sign(secret, body), CancellationToken.None);
        }
        catch (Exception ex) when (ex is Platform.Errors.ApiProblemException)
        {
            CallbackRefused(ex, purchaseId);
        }
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Warning, Message = "The sandbox's callback for {PurchaseId} was refused")]
    private partial void CallbackRefused(Exception ex, string purchaseId);
}
