using System.Text.Json;
using System.Text.Json.Serialization;
using CredbuzzPay.Api.Modules.Recharge.Aggregators;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Recharge.Features.Purchases;

/// <summary>An aggregator's callback: {purchase_id, status: SUCCESS|FAILED|PENDING|REVERSED, operator_ref?, reason?}.</summary>
public sealed record AggregatorCallback(
    [property: JsonPropertyName("purchase_id")] string? PurchaseId,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("operator_ref")] string? OperatorRef,
    [property: JsonPropertyName("reason")] string? Reason);

/// <summary>What a callback did: the purchase's state after it, and whether this callback changed it.</summary>
public sealed record CallbackReceipt(string PurchaseId, string Status, bool Applied);

/// <summary>
/// An aggregator's signed callback (HMAC-SHA256 of the raw body, hex in <c>X-Aggregator-Signature</c>): a missing or wrong
/// signature is 401 and changes nothing, checked before the body is read; a repeat or late callback answers <c>applied: false</c>.
/// </summary>
internal sealed class PurchaseCallbacks
{
    private readonly AppDb _db;
    private readonly IRechargeAggregator _aggregator;
    private readonly PurchaseSettlement _settlement;
    private readonly RechargeTerms _terms;

    public PurchaseCallbacks(AppDb db, IRechargeAggregator aggregator, PurchaseSettlement settlement, RechargeTerms terms)
    {
        _db = db;
        _aggregator = aggregator;
        _settlement = settlement;
        _terms = terms;
    }

    public async Task<CallbackReceipt> ReceiveAsync(string aggregator, byte[] body, string? signature, CancellationToken cancellationToken)
    {
        var secret = _terms.Options.Sandbox.CallbackSecret;
        if (secret.Length == 0 || !string.Equals(aggregator, _aggregator.Name, StringComparison.Ordinal))
        {
            throw ApiProblemException.NotFound("No such aggregator takes callbacks here.");
        }
        if (!CallbackSignature.Matches(secret, body, signature))
        {
            throw new ApiProblemException(StatusCodes.Status401Unauthorized, "Unauthorized", "The callback's signature does not match.");
        }
        AggregatorCallback? callback;
        try
        {
            callback = JsonSerializer.Deserialize<AggregatorCallback>(body);
        }
        catch (JsonException)
        {
            throw ApiProblemException.Validation("body", "The callback is not JSON of the agreed shape.");
        }
        var status = callback?.Status?.Trim().ToUpperInvariant() switch
        {
            "SUCCESS" => AggregatorStatus.Success,
            "FAILED" => AggregatorStatus.Failed,
            "PENDING" => AggregatorStatus.Pending,
            "REVERSED" => AggregatorStatus.Reversed,
            _ => throw ApiProblemException.Validation("status", "SUCCESS, FAILED, PENDING or REVERSED."),
        };
        var id = callback!.PurchaseId?.Trim().ToUpperInvariant() ?? "";
        var purchase = await _db.GetTable<PurchaseRow>().Where(p => p.PurchaseId == id && p.Aggregator == aggregator).Select(p => (Guid?)p.Id)
            .FirstOrDefaultAsync(cancellationToken) ?? throw ApiProblemException.NotFound("No purchase with this id.");
        if (status == AggregatorStatus.Success && string.IsNullOrWhiteSpace(callback.OperatorRef))
        {
            throw ApiProblemException.Validation("operator_ref", "A successful recharge names the operator's reference.");
        }
        var applied = await _settlement.ApplyAsync(_db, purchase, new AggregatorAnswer(status, callback.OperatorRef, callback.Reason), $"callback:{aggregator}",
            CancellationToken.None);
        var now = await _db.GetTable<PurchaseRow>().Where(p => p.Id == purchase).Select(p => p.Status).FirstAsync(CancellationToken.None);
        return new CallbackReceipt(id, now, applied);
    }
}
