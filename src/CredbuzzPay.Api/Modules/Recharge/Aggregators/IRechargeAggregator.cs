namespace CredbuzzPay.Api.Modules.Recharge.Aggregators;

internal enum AggregatorStatus
{
    Success,
    Failed,
    Pending,
    /// <summary>The operator undid a recharge that had succeeded.</summary>
    Reversed,
}

/// <summary>An aggregator's answer: the status, the operator's reference on success, and why on failure.</summary>
internal sealed record AggregatorAnswer(AggregatorStatus Status, string? OperatorRef = null, string? Reason = null);

/// <summary>A recharge for the aggregator: our purchase id is its idempotency key (a repeat of one id recharges once).</summary>
internal sealed record AggregatorRequest(string PurchaseId, string OperatorCode, string? CircleCode, string Subscriber, long AmountPaise);

/// <summary>
/// An operator aggregator (the company that connects a recharge business to Airtel, Jio, Vi, BSNL and the DTH services).
/// A real one answers slowly, sometimes not at all, sometimes twice; its final word comes as the reply, a signed
/// callback (purchases/callback/{name}) or its status API. Anything but a final status leaves the purchase PENDING.
/// </summary>
internal interface IRechargeAggregator
{
    string Name { get; }

    /// <summary>Asks for the recharge. Throws (timeout, 5xx, a broken connection) when it cannot tell: the purchase stays pending.</summary>
    Task<AggregatorAnswer> RechargeAsync(AggregatorRequest request, CancellationToken cancellationToken);

    /// <summary>The aggregator's status of an earlier request (the reconciliation job's question).</summary>
    Task<AggregatorAnswer> StatusAsync(AggregatorRequest request, CancellationToken cancellationToken);
}
