using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Ledger.Providers;

/// <summary>Where a payout goes (the full number travels only to the provider, never to a log or a response).</summary>
internal sealed record Beneficiary(string Name, string AccountNumber, string Ifsc);

/// <summary>
/// Money that an outside party must move: the entry is written PENDING first (a payout holds amount +
/// fee), the provider is asked outside any database transaction, and its answer is applied once:
/// confirmed posts, failed voids, pending (or no answer: a timeout, an error) stays pending for its callback.
/// Once the pending entry exists nothing here follows the client's cancellation: the money is in motion.
/// </summary>
internal sealed class ProviderGateway : ILedgerFunding
{
    private readonly ILedger _ledger;
    private readonly IFundingProvider _funding;
    private readonly IPayoutProvider _payout;
    private readonly ILogger<ProviderGateway> _log;

    public ProviderGateway(ILedger ledger, IFundingProvider funding, IPayoutProvider payout, ILogger<ProviderGateway> log)
    {
        _ledger = ledger;
        _funding = funding;
        _payout = payout;
        _log = log;
    }

    public async Task<Guid> DepositAsync(AppDb db, JournalDraft draft, string payerCode, CancellationToken cancellationToken)
    {
        var pending = await _ledger.RunAsync(db, books => books.PendAsync(draft with { Provider = _funding.Name }, hold: false), cancellationToken);
        return await AskAsync(db, pending, _funding.Name,
            () => _funding.CollectAsync(new FundingRequest(pending.TransactionId, draft.AmountPaise, draft.To.AccountNumber, payerCode), CancellationToken.None));
    }

    public async Task<Guid> CollectAsync(AppDb db, LedgerAccountInfo to, long amountPaise, string? description, string payerCode, CancellationToken cancellationToken)
    {
        var funding = await _ledger.SystemAsync(db, SystemAccounts.FundingClearing, cancellationToken);
        return await DepositAsync(db, new JournalDraft
        {
            EntryType = EntryTypes.Deposit, AmountPaise = amountPaise, From = funding, To = to, FeePayer = to, Description = description, InitiatedBy = payerCode,
        }, payerCode, cancellationToken);
    }

    /// <summary>
    /// Pends a payout (its money on hold) and asks the provider; <paramref name="alongside"/> writes the caller's own rows in the
    /// same transaction as the pending entry (fraud detection's record of the debit).
    /// </summary>
    public async Task<Guid> PayOutAsync(AppDb db, JournalDraft draft, Beneficiary beneficiary, Func<ILedgerTransaction, PostedEntry, Task>? alongside,
        CancellationToken cancellationToken)
    {
        var pending = await _ledger.RunAsync(db, async books =>
        {
            var entry = await books.PendAsync(draft with { Provider = _payout.Name }, hold: true);
            if (alongside is not null)
            {
                await alongside(books, entry);
            }
            return entry;
        }, cancellationToken);
        return await ResumePayOutAsync(db, pending, draft.AmountPaise, beneficiary);
    }

    /// <summary>The payout provider's name (a payout held for review carries it before the provider is asked).</summary>
    public string PayoutProvider => _payout.Name;

    /// <summary>Asks the provider to carry out a PENDING payout (one released from fraud review, or just pended).</summary>
    public Task<Guid> ResumePayOutAsync(AppDb db, PostedEntry pending, long amountPaise, Beneficiary beneficiary) =>
        AskAsync(db, pending, _payout.Name,
            () => _payout.PayAsync(new PayoutRequest(pending.TransactionId, amountPaise, beneficiary.Name, beneficiary.AccountNumber, beneficiary.Ifsc), CancellationToken.None));

    /// <summary>Asks the provider about a pending entry and applies its answer; no answer leaves the entry pending.</summary>
    private async Task<Guid> AskAsync(AppDb db, PostedEntry pending, string provider, Func<Task<ProviderAnswer>> ask)
    {
        ProviderAnswer answer;
        try
        {
            answer = await ask();
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException)
        {
            ProviderSilent(pending.TransactionId, provider);
            return pending.EntryId;
        }
        await ApplyAsync(db, pending.EntryId, answer);
        return pending.EntryId;
    }

    /// <summary>Applies a provider's answer to a pending entry; false when it was answered already (a duplicate callback).</summary>
    public Task<bool> ApplyAsync(AppDb db, Guid entryId, ProviderAnswer answer) =>
        _ledger.RunAsync(db, async books =>
        {
            switch (answer.Outcome)
            {
                case ProviderOutcome.Confirmed:
                    return await books.SettleAsync(entryId, answer.Reference) is not null;
                case ProviderOutcome.Failed:
                    await books.AcknowledgeAsync(entryId, answer.Reference);
                    return await books.VoidAsync(entryId, answer.Reason ?? "The provider declined it.") is not null;
                default:
                    await books.AcknowledgeAsync(entryId, answer.Reference);
                    return false;
            }
        }, CancellationToken.None);

    private void ProviderSilent(string transactionId, string provider) =>
        _log.LogWarning("{TransactionId} left PENDING: provider {Provider} did not answer; its callback or a status check settles it", transactionId, provider);
}
