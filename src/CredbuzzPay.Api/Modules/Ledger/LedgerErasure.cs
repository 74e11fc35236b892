using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Ledger.Features.Interest;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger;

/// <summary>
/// The ledger's part in an erasure. Money comes first: while any of the person's accounts or wallets holds a balance, has money on hold, or
/// has interest accrued that is not yet paid, the erasure waits and says which and how much. When they are all empty they are closed
/// (that ends the relationship), and the accounts, journal entries and postings stay as PMLA s. 12 requires (five years after it ends):
/// the books balance to the paisa and verify-ledger holds, and the records name only the pseudonymous user. When the period ends the
/// retention job clears the entries' free text and payee details; amounts and postings are never touched.
/// </summary>
internal sealed class LedgerErasure : IErasureParticipant
{
    public async Task<ErasureBlock?> BlockAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var open = await OpenAccounts(db, userId).ToListAsync(cancellationToken);
        var reasons = new List<string>();
        foreach (var account in open)
        {
            if (account.BalancePaise != 0 || account.HeldPaise != 0)
            {
                reasons.Add($"{AccountNumbers.Masked(account.AccountNumber)} holds {Money.Format(account.BalancePaise)}" +
                    (account.HeldPaise != 0 ? $" ({Money.Format(account.HeldPaise)} of it on hold for a transaction still pending)" : ""));
                continue;
            }
            var (units, _) = await InterestPostings.UnpostedAsync(db, account.Id);
            var carry = (await InterestPostings.CarriesAsync(db, [account.Id])).GetValueOrDefault(account.Id);
            if (InterestMath.Pay(units + carry).Paise > 0)
            {
                reasons.Add($"{AccountNumbers.Masked(account.AccountNumber)} has interest accrued that is not paid yet (ask your branch to close the account: the interest is credited, then pay it out)");
            }
        }
        return reasons.Count == 0 ? null
            : new ErasureBlock("money_remaining", "Your money must be paid out first: " + string.Join("; ", reasons) +
                ". Move it to your own bank account; the erasure goes ahead by itself once every account and wallet is at zero.", Refuses: false);
    }

    public async Task<DateTime?> RelationshipEndAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var accounts = db.GetTable<LedgerAccount>().Where(a => a.OwnerId == userId);
        var lastClosed = await accounts.MaxAsync(a => a.ClosedAt, cancellationToken);
        var lastPosting = await db.GetTable<Posting>().Where(p => accounts.Select(a => a.Id).Contains(p.AccountId)).MaxAsync(p => (DateTime?)p.PostedAt, cancellationToken);
        return lastClosed > lastPosting || lastPosting is null ? lastClosed : lastPosting;
    }

    public async Task<IReadOnlyList<ErasureLine>> EraseAsync(AppDb db, ErasureSubject subject, CancellationToken cancellationToken)
    {
        var open = await OpenAccounts(db, subject.UserId).CountAsync(cancellationToken);
        // Guarded in the statement: money that arrived since the check keeps its account open, and the erasure is rolled back.
        var closed = await OpenAccounts(db, subject.UserId).Where(a => a.BalancePaise == 0 && a.HeldPaise == 0)
            .Set(a => a.Status, AccountStatuses.Closed).Set(a => a.ClosedAt, subject.Now).Set(a => a.UpdatedAt, subject.Now).UpdateAsync(cancellationToken);
        if (closed != open)
        {
            throw new ErasureBlockedException(new ErasureBlock("money_remaining", "Money arrived in one of your accounts while it was being closed; pay it out and the erasure goes ahead by itself.", Refuses: false));
        }
        // Payouts from their accounts keep their beneficiary only masked (initials, the account's last four digits, the IFSC, the provider's reference):
        // the beneficiary's bank holds the rest, and the entry still traces to it.
        var accounts = db.GetTable<LedgerAccount>().Where(a => a.OwnerId == subject.UserId).Select(a => a.Id);
        var payouts = await db.GetTable<JournalEntry>().Where(e => accounts.Contains(e.FromAccountId!.Value) && e.PayeeName != null)
            .Select(e => new { e.Id, e.PayeeName }).ToListAsync(cancellationToken);
        foreach (var payout in payouts.Where(p => !p.PayeeName!.Contains("***", StringComparison.Ordinal)))
        {
            await db.GetTable<JournalEntry>().Where(e => e.Id == payout.Id).Set(e => e.PayeeName, Features.Statements.StatementReader.MaskedName(payout.PayeeName!))
                .UpdateAsync(cancellationToken);
        }
        var any = await db.GetTable<LedgerAccount>().AnyAsync(a => a.OwnerId == subject.UserId, cancellationToken);
        return any
            ?
            [
                new("Your accounts, wallet and every transaction on them", ErasureActions.Retained,
                    "The Prevention of Money-laundering Act (s. 12) requires transaction records for five years after the relationship ends. The accounts are closed; the records name you only by a code that now leads to no one, and payees only by their initials.",
                    UntilRetentionEnds: true),
            ]
            : [];
    }

    public async Task<int> PurgeRetainedAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var accounts = db.GetTable<LedgerAccount>().Where(a => a.OwnerId == userId).Select(a => a.Id);
        return await db.GetTable<JournalEntry>().Where(e => accounts.Contains(e.FromAccountId!.Value) || accounts.Contains(e.ToAccountId!.Value))
            .Where(e => e.Description != null || e.PayeeName != null || e.PayeeAccountMasked != null || e.PayeeIfsc != null)
            .Set(e => e.Description, (string?)null).Set(e => e.PayeeName, (string?)null).Set(e => e.PayeeAccountMasked, (string?)null).Set(e => e.PayeeIfsc, (string?)null)
            .UpdateAsync(cancellationToken);
    }

    private static IQueryable<LedgerAccount> OpenAccounts(AppDb db, Guid userId) =>
        db.GetTable<LedgerAccount>().Where(a => a.OwnerId == userId && a.Kind != AccountKinds.Loan && a.Status != AccountStatuses.Closed);
}
