using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Ledger.Providers;

internal enum ProviderOutcome
{
    Confirmed,
    Failed,
    Pending,
}

/// <summary>A provider's answer: its reference for the movement and, on failure, why.</summary>
internal sealed record ProviderAnswer(ProviderOutcome Outcome, string Reference, string? Reason = null);

/// <summary>Money coming in (UPI collect / net-banking) for <paramref name="TransactionId"/> (the provider's idempotency key).</summary>
internal sealed record FundingRequest(string TransactionId, long AmountPaise, string AccountNumber, string PayerUserCode);

/// <summary>Money going out (IMPS) for <paramref name="TransactionId"/> to a beneficiary account.</summary>
internal sealed record PayoutRequest(string TransactionId, long AmountPaise, string BeneficiaryName, string BeneficiaryAccount, string Ifsc);

/// <summary>A funding provider (UPI/net-banking collect). A real one answers Pending and confirms later through its callback.</summary>
internal interface IFundingProvider
{
    string Name { get; }

    Task<ProviderAnswer> CollectAsync(FundingRequest request, CancellationToken cancellationToken);
}

/// <summary>A payout provider (IMPS). Failures and silence are normal: a timeout is Pending, never a guess.</summary>
internal interface IPayoutProvider
{
    string Name { get; }

    Task<ProviderAnswer> PayAsync(PayoutRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// The sandbox for both directions, behaving as the real ones do at their edges (docs/ledger.md): an
/// amount whose paise are 91 fails, 92 stays pending until a signed callback answers it, anything
/// else is confirmed at once; <c>Ledger:Sandbox:PayoutsPending</c> makes every payout wait for its callback.
/// </summary>
internal sealed class SandboxProvider : IFundingProvider, IPayoutProvider
{
    public const string ProviderName = "sandbox";
    public const long FailingPaise = 91;
    public const long PendingPaise = 92;
    private readonly IOptionsMonitor<LedgerOptions> _options;

    public SandboxProvider(IOptionsMonitor<LedgerOptions> options) => _options = options;

    public string Name => ProviderName;

    public Task<ProviderAnswer> CollectAsync(FundingRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(request.AmountPaise, "SBXF", "The payer's bank declined the collect request (sandbox).", allPending: false));

    public Task<ProviderAnswer> PayAsync(PayoutRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(request.AmountPaise, "SBXP", "The beneficiary bank rejected the transfer (sandbox).", _options.CurrentValue.Sandbox.PayoutsPending));

    private static ProviderAnswer Answer(long paise, string prefix, string failure, bool allPending)
    {
        var reference = prefix + RandomNumberGenerator.GetHexString(16, lowercase: false);
        return (paise % 100) switch
        {
            FailingPaise => new ProviderAnswer(ProviderOutcome.Failed, reference, failure),
            PendingPaise => new ProviderAnswer(ProviderOutcome.Pending, reference),
            _ when allPending => new ProviderAnswer(ProviderOutcome.Pending, reference),
            _ => new ProviderAnswer(ProviderOutcome.Confirmed, reference),
        };
    }
}
