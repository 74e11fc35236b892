using System.Globalization;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Interest;

/// <summary>
/// The end of a fixed deposit. At maturity (the day close): the interest accrued since the last quarter is
/// paid, then principal and interest move to the funding account and the deposit closes. Before maturity
/// (the owner's <c>POST accounts/{n}/close</c>): the interest is recomputed at the rate for the term actually
/// held less the penalty (never below zero), the difference from what was paid is credited or taken back,
/// and the rest is paid out the same way. Each is one ledger transaction, applied once (the deposit must
/// still be ACTIVE).
/// </summary>
internal sealed partial class FixedDepositClosure
{
    /// <summary>The posting row's period for the interest settled at maturity or closure.</summary>
    private const string ClosingPeriod = "CLOSE";
    private readonly ILedger _ledger;
    private readonly Tariff _tariff;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<FixedDepositClosure> _log;

    public FixedDepositClosure(ILedger ledger, Tariff tariff, IAuditTrail audit, TimeProvider clock, ILogger<FixedDepositClosure> log)
    {
        _clock = clock;
        _ledger = ledger;
        _tariff = tariff;
        _audit = audit;
        _log = log;
    }

    /// <summary>Matures every ACTIVE deposit whose maturity day is at or before <paramref name="maturityDay"/>; answers how many closed.</summary>
    public async Task<int> MatureAsync(AppDb db, DateOnly maturityDay, DateTime now, CancellationToken cancellationToken)
    {
        var key = BankingDay.Key(maturityDay);
        var due = await db.GetTable<LedgerAccount>()
            .Where(a => a.Kind == AccountKinds.FixedDeposit && a.Status == AccountStatuses.Active && a.MaturesOn != null && Keys.AtOrBefore(a.MaturesOn, key))
            .OrderBy(a => a.MaturesOn).ThenBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken);
        var matured = 0;
        foreach (var id in due)
        {
            try
            {
                matured += await _ledger.RunAsync(db, books => SettleAsync(books, id, early: false, now), cancellationToken) is null ? 0 : 1;
            }
            catch (ApiProblemException ex)
            {
                // The funding account is frozen or closed: the deposit stays open (nothing moved) and the next day close tries again.
                LogMaturityRefused(id, ex.Code ?? ex.Message);
            }
        }
        return matured;
    }

    /// <summary>The owner's premature closure; answers the deposit's final state.</summary>
    public async Task<Guid> CloseEarlyAsync(AppDb db, UserSummary caller, string accountNumber, CancellationToken cancellationToken)
    {
        var account = await db.GetTable<LedgerAccount>().FirstOrDefaultAsync(a => a.AccountNumber == accountNumber && a.OwnerId == caller.Id, cancellationToken)
            ?? throw ApiProblemException.NotFound("No such account of yours.");
        if (account.Kind != AccountKinds.FixedDeposit)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Not a fixed deposit",
                "Only a fixed deposit is closed by its owner; ask your branch to close a savings or current account.", code: "not_a_fixed_deposit");
        }
        if (account.Status != AccountStatuses.Active)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Account not active", "The fixed deposit is already closed (or frozen by the bank).",
                code: LedgerRefusals.AccountNotActive);
        }
        var settled = await _ledger.RunAsync(db, books => SettleAsync(books, account.Id, early: true, _clock.GetUtcNow().UtcDateTime), cancellationToken);
        return settled ?? throw new ApiProblemException(StatusCodes.Status409Conflict, "Account not active", "The fixed deposit was closed meanwhile.",
            code: LedgerRefusals.AccountNotActive);
    }

    /// <summary>Settles the interest, pays everything out and closes the deposit; null when it is no longer ACTIVE.</summary>
    private async Task<Guid?> SettleAsync(ILedgerTransaction books, Guid depositId, bool early, DateTime now)
    {
        var db = books.Db;
        var deposit = await db.GetTable<LedgerAccount>().FirstOrDefaultAsync(a => a.Id == depositId && a.Status == AccountStatuses.Active);
        if (deposit is null)
        {
            return null;
        }
        var payout = await PayoutAccountAsync(db, deposit);
        if (payout is null || payout.Status != AccountStatuses.Active)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Account not active",
                "The deposit's funding account is frozen or closed; it pays out there, so that account must be active first.", code: LedgerRefusals.AccountNotActive);
        }
        var expense = await _ledger.SystemAsync(db, SystemAccounts.InterestExpense, CancellationToken.None);
        var paidBefore = await db.GetTable<InterestPosting>().Where(p => p.AccountId == depositId).SumAsync(p => (long?)p.PaidPaise) ?? 0;
        var unpostedUnits = await InterestPostings.UnpostedUnitsAsync(db, depositId);
        var carries = await InterestPostings.CarriesAsync(db, [depositId]);
        var opened = BankingDay.Of(deposit.CreatedAt);
        var today = BankingDay.Of(now);
        long adjustment;
        int? rateBp = null;
        if (early)
        {
            // Recomputed from the principal at the reduced rate over the days actually held, then set against what was paid.
            var principal = deposit.BalancePaise - paidBefore;
            var held = InterestMath.WholeMonths(opened, today);
            rateBp = Math.Max(0, _tariff.FixedDepositRateBp(Math.Max(1, held)) - _tariff.FixedDepositPenaltyBp);
            adjustment = InterestMath.FixedDepositInterest(principal, rateBp.Value, opened, today) - paidBefore;
        }
        else
        {
            adjustment = InterestMath.Pay(unpostedUnits + carries.GetValueOrDefault(depositId)).Paise;
        }
        var info = await _ledger.FindAsync(db, deposit.AccountNumber, CancellationToken.None) ?? throw new InvalidOperationException("The deposit vanished.");
        Guid? interestEntry = null;
        if (adjustment != 0)
        {
            var posted = await books.PostAsync(new JournalDraft
            {
                EntryType = EntryTypes.Interest, AmountPaise = Math.Abs(adjustment),
                From = adjustment > 0 ? expense : info, To = adjustment > 0 ? info : expense,
                InitiatedBy = "system:fixed-deposit",
                Description = early
                    ? string.Create(CultureInfo.InvariantCulture, $"Interest recomputed at {AccountViewsRate(rateBp!.Value)} % on premature closure")
                    : "Interest to maturity",
            });
            interestEntry = posted.EntryId;
        }
        await db.InsertAsync(new InterestPosting
        {
            AccountId = depositId, Period = ClosingPeriod, Units = unpostedUnits, PaidPaise = adjustment, CarryUnits = 0, EntryId = interestEntry,
            ThroughDay = BankingDay.Key(today), CreatedAt = now,
        });
        var balance = await db.GetTable<LedgerAccount>().Where(a => a.Id == depositId).Select(a => a.BalancePaise).FirstAsync();
        if (balance > 0)
        {
            // The draft's account is only its identity and limits; the guarded update reads the balance itself.
            await books.PostAsync(new JournalDraft
            {
                EntryType = EntryTypes.Transfer, AmountPaise = balance, From = info, To = payout, InitiatedBy = "system:fixed-deposit",
                Description = early ? "Fixed deposit closed before maturity" : "Fixed deposit matured",
            });
        }
        await db.GetTable<LedgerAccount>().Where(a => a.Id == depositId && a.Status == AccountStatuses.Active)
            .Set(a => a.Status, AccountStatuses.Closed).Set(a => a.ClosedAt, now).Set(a => a.UpdatedAt, now).UpdateAsync();
        await _audit.RecordAsync(db, new AuditEvent(early ? "ledger.fixed_deposit_closed" : "ledger.fixed_deposit_matured", "account",
            AccountNumbers.Masked(deposit.AccountNumber), new
            {
                owner = deposit.OwnerCode,
                interest_adjustment = Money.Format(adjustment),
                rate = rateBp is { } r ? AccountViewsRate(r) : null,
                paid_out = Money.Format(balance),
            }), CancellationToken.None);
        return depositId;
    }

    private static string AccountViewsRate(int bp) => Accounts.AccountViews.Rate(bp);

    private async Task<LedgerAccountInfo?> PayoutAccountAsync(AppDb db, LedgerAccount deposit)
    {
        var id = deposit.PayoutAccountId;
        if (id is null)
        {
            // Deposits opened before the payout account was kept: the account that funded the principal.
            id = await (from e in db.GetTable<JournalEntry>()
                        where e.ToAccountId == deposit.Id && e.EntryType == EntryTypes.Transfer
                        orderby e.CreatedAt
                        select e.FromAccountId).FirstOrDefaultAsync();
        }
        return id is null ? null : await db.GetTable<LedgerAccount>().Where(a => a.Id == id).Select(Journal.Info).FirstOrDefaultAsync();
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Fixed deposit {DepositId} did not mature today: {Reason}; it is tried again at the next day close")]
    private partial void LogMaturityRefused(Guid depositId, string reason);
}
