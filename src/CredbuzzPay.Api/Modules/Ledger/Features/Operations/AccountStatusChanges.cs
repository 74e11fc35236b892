using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Operations;

/// <summary>
/// Freeze, unfreeze and close by staff. A frozen account refuses debits and credits (the ledger's guard);
/// a closed one is final. Closing needs a zero balance and no active hold; interest accrued and not yet
/// paid is credited first (then the balance is no longer zero and the close is refused until it is paid out).
/// </summary>
internal sealed class AccountStatusChanges
{
    private readonly AppDb _db;
    private readonly ILedger _ledger;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;

    public AccountStatusChanges(AppDb db, ILedger ledger, IAuditTrail audit, TimeProvider clock)
    {
        _db = db;
        _ledger = ledger;
        _audit = audit;
        _clock = clock;
    }

    public async Task<Guid> FreezeAsync(UserSummary staff, string number, string reason, CancellationToken cancellationToken) =>
        await ChangeAsync(staff, await InReachAsync(staff, number, cancellationToken), AccountStatuses.Active, AccountStatuses.Frozen, "ledger.account_frozen", reason,
            cancellationToken);

    public async Task<Guid> UnfreezeAsync(UserSummary staff, string number, string reason, CancellationToken cancellationToken) =>
        await ChangeAsync(staff, await InReachAsync(staff, number, cancellationToken), AccountStatuses.Frozen, AccountStatuses.Active, "ledger.account_unfrozen", reason,
            cancellationToken);

    public async Task<Guid> CloseAsync(UserSummary staff, string number, string reason, CancellationToken cancellationToken)
    {
        var account = await InReachAsync(staff, number, cancellationToken);
        if (account.Status == AccountStatuses.Closed)
        {
            throw Conflict("account_not_active", "The account is closed already.");
        }
        if (account.BalancePaise != 0 || account.HeldPaise != 0)
        {
            throw Conflict("account_not_empty", $"The account holds {Money.Format(account.BalancePaise)} ({Money.Format(account.HeldPaise)} of it on hold); " +
                "an account is closed only at a zero balance with nothing on hold: pay the balance out and let pending transactions finish first.");
        }
        var accrued = await PayAccruedInterestAsync(account, cancellationToken);
        if (accrued > 0)
        {
            throw Conflict("account_not_empty", $"Interest of {Money.Format(accrued)} accrued on the account and was credited to it now; pay it out, then close the account.");
        }
        return await ChangeAsync(staff, account, account.Status, AccountStatuses.Closed, "ledger.account_closed", reason, cancellationToken);
    }

    private async Task<LedgerAccountInfo> InReachAsync(UserSummary staff, string number, CancellationToken cancellationToken) =>
        StaffMovement.InReach(staff, await _ledger.FindAsync(_db, number, cancellationToken));

    private async Task<Guid> ChangeAsync(UserSummary staff, LedgerAccountInfo account, string from, string to, string action, string reason, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        var update = _db.GetTable<LedgerAccount>().Where(a => a.Id == account.Id && a.Status == from);
        if (to == AccountStatuses.Closed)
        {
            // Guarded again in the statement: nothing may have arrived since the check.
            update = update.Where(a => a.BalancePaise == 0 && a.HeldPaise == 0);
        }
        var changed = await update.Set(a => a.Status, to).Set(a => a.UpdatedAt, now).Set(a => a.ClosedAt, a => to == AccountStatuses.Closed ? now : a.ClosedAt)
            .UpdateAsync(cancellationToken);
        if (changed != 1)
        {
            throw Conflict(to == AccountStatuses.Closed ? "account_not_empty" : "account_status",
                to == AccountStatuses.Closed ? "The account changed meanwhile; check its balance and try again." : $"Only a {from} account can become {to}; it is {account.Status}.");
        }
        // Less than a paisa of interest may be left accrued at a close: no payable amount is owed, and a closed account accrues and is paid nothing more.
        await _audit.RecordAsync(_db, new AuditEvent(action, "account", AccountNumbers.Masked(account.AccountNumber), new { owner = account.OwnerCode, reason, by = staff.UserCode }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return account.Id;
    }

    private async Task<long> PayAccruedInterestAsync(LedgerAccountInfo account, CancellationToken cancellationToken)
    {
        var (units, lastDay) = await Interest.InterestPostings.UnpostedAsync(_db, account.Id);
        var carry = (await Interest.InterestPostings.CarriesAsync(_db, [account.Id])).GetValueOrDefault(account.Id);
        var (paise, _) = InterestMath.Pay(units + carry);
        if (paise == 0)
        {
            return 0;
        }
        var expense = await _ledger.SystemAsync(_db, SystemAccounts.InterestExpense, cancellationToken);
        var now = _clock.GetUtcNow().UtcDateTime;
        await _ledger.RunAsync(_db, async books =>
        {
            var posted = await books.PostAsync(new JournalDraft
            {
                EntryType = EntryTypes.Interest, AmountPaise = paise, From = expense, To = account, InitiatedBy = "system:interest", Description = "Interest accrued to closure",
            });
            await books.Db.InsertAsync(new InterestPosting { AccountId = account.Id, Period = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"C{now:yyMMddHHmmss}"), Units = units, PaidPaise = paise, CarryUnits = 0, EntryId = posted.EntryId,
                ThroughDay = lastDay!, CreatedAt = now });
            return posted;
        }, cancellationToken);
        return paise;
    }

    private static ApiProblemException Conflict(string code, string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail, code: code);
}
