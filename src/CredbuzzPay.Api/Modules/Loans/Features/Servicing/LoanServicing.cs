using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Books;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Jobs;
using CredbuzzPay.Api.Platform.Notifications;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Loans.Features.Servicing;

/// <summary>What the servicing of one loan did on a day.</summary>
internal enum ServicingOutcome
{
    Nothing,
    Collected,
    AttemptFailed,
}

/// <summary>
/// The loans' part of the day close, shortly after midnight Asia/Kolkata, for every active loan with an instalment due: penalties owed by
/// overdue instalments are charged (once per 30-day period after the grace); then, while an instalment is within its grace, the whole amount
/// due is auto-debited from the repayment account when its available balance covers it (a partial debit is never taken), once a day. A failed
/// attempt is recorded and the customer told; it is retried the next day until the grace ends. Each loan is its own transaction, safe to rerun.
/// </summary>
internal sealed partial class LoanServicing : IDayCloseTask
{
    private readonly AppDbFactory _factory;
    private readonly ILedger _ledger;
    private readonly LoanBook _book;
    private readonly IUserDirectory _users;
    private readonly IOutbox _outbox;
    private readonly ILogger<LoanServicing> _log;

    public LoanServicing(AppDbFactory factory, ILedger ledger, LoanBook book, IUserDirectory users, IOutbox outbox, ILogger<LoanServicing> log)
    {
        _factory = factory;
        _ledger = ledger;
        _book = book;
        _users = users;
        _outbox = outbox;
        _log = log;
    }

    public string Name => "loan repayments and delinquency";

    public async Task RunAsync(DateTime now, CancellationToken cancellationToken) => await ServiceAsync(cancellationToken);

    /// <summary>Services every loan with something due today; answers how many were collected and how many attempts failed.</summary>
    public async Task<(int Collected, int Failed)> ServiceAsync(CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        var today = BankingDay.Key(_book.Terms.Today);
        var (collected, failed) = (0, 0);
        var cursor = Guid.Empty;
        while (true)
        {
            var last = cursor;
            var batch = await db.GetTable<LoanRow>()
                .Where(l => l.Status == LoanRow.Active && Keys.After(l.Id, last)
                    && db.GetTable<InstalmentRow>().Any(i => i.LoanId == l.Id && i.State == InstalmentRow.Open && Keys.AtOrBefore(i.DueOn, today)))
                .OrderBy(l => l.Id).Select(l => l.Id).Take(_book.Terms.Options.ServicingBatchSize).ToListAsync(cancellationToken);
            foreach (var loanId in batch)
            {
                var outcome = await ServiceLoanAsync(db, loanId, cancellationToken);
                collected += outcome == ServicingOutcome.Collected ? 1 : 0;
                failed += outcome == ServicingOutcome.AttemptFailed ? 1 : 0;
            }
            if (batch.Count < _book.Terms.Options.ServicingBatchSize)
            {
                break;
            }
            cursor = batch[^1];
        }
        Serviced(today, collected, failed);
        return (collected, failed);
    }

    private async Task<ServicingOutcome> ServiceLoanAsync(AppDb db, Guid loanId, CancellationToken cancellationToken)
    {
        try
        {
            return await ServiceLoanAsync(db, loanId, collect: true, cancellationToken);
        }
        catch (ApiProblemException ex) when (ex.Code is LedgerRefusals.InsufficientFunds or LedgerRefusals.AccountNotActive)
        {
            // The balance moved between the check and the debit: everything rolled back; the day's penalties and a failed attempt are recorded alone.
            return await ServiceLoanAsync(db, loanId, collect: false, cancellationToken);
        }
    }

    private async Task<ServicingOutcome> ServiceLoanAsync(AppDb db, Guid loanId, bool collect, CancellationToken cancellationToken)
    {
        var today = BankingDay.Key(_book.Terms.Today);
        var (outcome, amount, graceEnds, loan) = await _ledger.RunAsync(db, async books =>
        {
            var locked = await _book.LockAsync(books.Db, loanId, cancellationToken);
            await LoanBook.ChargePenaltiesAsync(books.Db, locked, cancellationToken);
            var (state, row) = (locked.State, locked.Loan);
            var inGrace = state.Due.Where(i => !state.IsOverdue(i)).ToList();
            if (row.Status != LoanRow.Active || row.LastAttemptOn == today || inGrace.Count == 0)
            {
                return (ServicingOutcome.Nothing, 0L, state.Today, row);
            }
            await books.Db.GetTable<LoanRow>().Where(l => l.Id == loanId).Set(l => l.LastAttemptOn, today).UpdateAsync(cancellationToken);
            var account = (await _ledger.AccountsAsync(books.Db, [row.RepaymentAccountId], cancellationToken)).Single();
            var due = state.AmountDuePaise;
            var ends = inGrace.Max(i => LoanState.Day(i).AddDays(state.GraceDays));
            if (collect && account.Status == AccountStatuses.Active && account.AvailablePaise - due >= (account.FloorPaise ?? 0))
            {
                await _book.RepayLockedAsync(books, locked, due, row.RepaymentAccountId, RepaymentRow.Auto, "system:loan-auto-debit", cancellationToken);
                return (ServicingOutcome.Collected, due, ends, row);
            }
            return (ServicingOutcome.AttemptFailed, due, ends, row);
        }, cancellationToken);
        if (outcome == ServicingOutcome.AttemptFailed)
        {
            await NotifyFailureAsync(db, loan, amount, graceEnds, cancellationToken);
        }
        return outcome;
    }

    private async Task NotifyFailureAsync(AppDb db, LoanRow loan, long amount, DateOnly graceEnds, CancellationToken cancellationToken)
    {
        var customer = await _users.FindAsync(db, loan.UserId, cancellationToken);
        if (customer is null)
        {
            return;
        }
        var text = $"Hello {customer.FirstName}, we could not collect Rs {Money.Format(amount)} due on your loan {loan.LoanId} from your account ending "
            + $"{loan.RepaymentAccountNumber[^4..]}: the balance is not enough. We will try again each day until {BankingDay.Key(graceEnds)}; after that a late-payment penalty applies.";
        await _outbox.EnqueueAsync(db, OutgoingMessage.Sms(customer.Mobile, text), cancellationToken);
        await _outbox.EnqueueAsync(db, OutgoingMessage.Email(customer.Email, "Your loan instalment could not be collected", text), cancellationToken);
        AttemptFailed(loan.LoanId);
    }

    [LoggerMessage(EventId = 16101, Level = LogLevel.Information, Message = "Loan servicing of {Day}: {Collected} collected, {Failed} attempts failed")]
    private partial void Serviced(string day, int collected, int failed);

    [LoggerMessage(EventId = 16102, Level = LogLevel.Information, Message = "Loan {LoanId}: auto-debit failed, customer notified")]
    private partial void AttemptFailed(string loanId);
}
