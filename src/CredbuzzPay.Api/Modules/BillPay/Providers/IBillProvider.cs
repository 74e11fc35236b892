namespace CredbuzzPay.Api.Modules.BillPay.Providers;

internal enum FetchOutcome
{
    Found,
    NoBillDue,
    InvalidCustomer,
}

/// <summary>A bill as the biller holds it (amounts in paise; minimum due for credit cards).</summary>
internal sealed record FetchedBill(FetchOutcome Outcome, string? CustomerName = null, long AmountPaise = 0, long? MinimumDuePaise = null, string? BillNumber = null,
    DateOnly? BillDate = null, DateOnly? DueDate = null);

internal enum PayOutcome
{
    Success,
    Failed,
    Pending,
}

internal sealed record PayAnswer(PayOutcome Outcome, string? BillerRef = null, string? Reason = null);

/// <summary>A payment for the provider: our reference is its idempotency key (a repeat pays once).</summary>
internal sealed record BillRequest(string Reference, string BillerId, IReadOnlyDictionary<string, string> CustomerParams, long AmountPaise);

/// <summary>
/// A bill-payment provider (a BBPS operating unit). It fetches bills, takes payments and answers status questions. Failure
/// and silence are normal: a timeout, a 5xx or a broken connection throws, and the payment stays pending for the status
/// check; an unclear answer is never taken for a failure.
/// </summary>
internal interface IBillProvider
{
    string Name { get; }

    Task<FetchedBill> FetchAsync(string billerId, IReadOnlyDictionary<string, string> customerParams, CancellationToken cancellationToken);

    Task<PayAnswer> PayAsync(BillRequest request, CancellationToken cancellationToken);

    Task<PayAnswer> StatusAsync(BillRequest request, CancellationToken cancellationToken);
}
