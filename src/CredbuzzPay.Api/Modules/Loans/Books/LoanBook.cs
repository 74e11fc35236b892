using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Loans.Books;

/// <summary>A loan locked for a change inside a ledger transaction: its row, product and figures today.</summary>
internal sealed record LockedLoan(LoanRow Loan, ProductRow Product, LoanState State, List<InstalmentRow> Rows);

/// <summary>
/// The loans module's writes on a disbursed loan, each in one ledger transaction with the loan's row lock taken first (its version is
/// bumped before anything is read, so repayments, the servicing job and staff actions on one loan run one after the other): repayments
/// (allocation, prepayment and re-amortisation), foreclosure, rescheduling and write-off. The loan account's balance stays minus the
/// principal the open instalments still ask.
/// </summary>
internal sealed class LoanBook
{
    private readonly ILedger _ledger;
    private readonly IAuditTrail _audit;
    private readonly LoanTerms _terms;

    public LoanBook(ILedger ledger, IAuditTrail audit, LoanTerms terms)
    {
        _ledger = ledger;
        _audit = audit;
        _terms = terms;
    }

    public LoanTerms Terms => _terms;

    public async Task<LockedLoan> LockAsync(AppDb db, Guid loanId, CancellationToken cancellationToken)
    {
        if (await db.GetTable<LoanRow>().Where(l => l.Id == loanId).Set(l => l.Version, l => l.Version + 1).UpdateAsync(cancellationToken) != 1)
        {
            throw ApiProblemException.NotFound("No such loan.");
        }
        var loan = await db.GetTable<LoanRow>().FirstAsync(l => l.Id == loanId, cancellationToken);
        var product = await db.GetTable<ProductRow>().FirstAsync(p => p.Id == loan.ProductId, cancellationToken);
        var rows = await db.GetTable<InstalmentRow>().Where(i => i.LoanId == loanId).OrderBy(i => i.Number).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        return new LockedLoan(loan, product, LoanState.Of(loan, rows, product.GraceDays, _terms.Today), rows);
    }

    /// <summary>
    /// A repayment of <paramref name="amount"/> from <paramref name="fromAccountId"/>: penalties, interest and principal due first; what is left
    /// prepays principal within the product's rule and re-amortises the instalments not yet due (same count, a smaller EMI).
    /// </summary>
    public Task<RepaymentRow> RepayAsync(AppDb db, Guid loanId, long amount, Guid fromAccountId, string kind, string paidBy, CancellationToken cancellationToken) =>
        _ledger.RunAsync(db, async books => await RepayLockedAsync(books, await LockAsync(books.Db, loanId, cancellationToken), amount, fromAccountId, kind, paidBy,
            cancellationToken), cancellationToken);

    /// <summary><see cref="RepayAsync"/> on a loan locked in this transaction already (the servicing job's auto-debit).</summary>
    public async Task<RepaymentRow> RepayLockedAsync(ILedgerTransaction books, LockedLoan locked, long amount, Guid fromAccountId, string kind, string paidBy,
        CancellationToken cancellationToken)
    {
        var (loan, product, state) = (locked.Loan, locked.Product, locked.State);
        NotClosed(loan);
        var allocation = state.Allocate(amount);
        if (allocation.PrepaidPaise > 0)
        {
            CheckPrepayment(loan, product, state, allocation.PrepaidPaise);
        }
        var repayment = await PostAsync(books, loan, fromAccountId, allocation, kind, paidBy, cancellationToken);
        state.ApplyToDue(allocation);
        await SaveAsync(books.Db, state.Due, cancellationToken);
        if (allocation.PrepaidPaise > 0)
        {
            await ReamortiseAsync(books.Db, loan, state.Future, state.FuturePrincipalPaise - allocation.PrepaidPaise, cancellationToken);
        }
        await CloseIfRepaidAsync(books.Db, loan, cancellationToken);
        return repayment;
    }

    /// <summary>Pays the loan off today from <paramref name="fromAccountId"/>: everything due, the principal not yet due and the interest accrued on it.</summary>
    public Task<RepaymentRow> ForecloseAsync(AppDb db, Guid loanId, Guid fromAccountId, string paidBy, CancellationToken cancellationToken) =>
        _ledger.RunAsync(db, async books =>
        {
            var locked = await LockAsync(books.Db, loanId, cancellationToken);
            var (loan, product, state) = (locked.Loan, locked.Product, locked.State);
            Outstanding(locked);
            CheckLockIn(loan, product, "Foreclosure");
            var due = state.Allocate(state.AmountDuePaise);
            var allocation = due with { InterestPaise = due.InterestPaise + state.InterestAccruedPaise, PrepaidPaise = state.FuturePrincipalPaise };
            var repayment = await PostAsync(books, loan, fromAccountId, allocation, RepaymentRow.Foreclosure, paidBy, cancellationToken);
            state.ApplyToDue(due);
            await SaveAsync(books.Db, state.Due, cancellationToken);
            if (state.Future.Count > 0)
            {
                await SupersedeAsync(books.Db, state.Future, cancellationToken);
                await books.Db.InsertAsync(new InstalmentRow
                {
                    Id = Guid.CreateVersion7(_terms.Now), LoanId = loan.Id, Number = state.Future[0].Number, DueOn = BankingDay.Key(_terms.Today),
                    PrincipalPaise = state.FuturePrincipalPaise, InterestPaise = state.InterestAccruedPaise, PrincipalPaidPaise = state.FuturePrincipalPaise,
                    InterestPaidPaise = state.InterestAccruedPaise, State = InstalmentRow.Paid, PaidOn = BankingDay.Key(_terms.Today),
                }, token: cancellationToken);
            }
            await CloseIfRepaidAsync(books.Db, loan, cancellationToken);
            return repayment;
        }, cancellationToken);

    /// <summary>
    /// Replaces every open instalment with a schedule of <paramref name="months"/> on the outstanding principal, the first due a month from
    /// today; interest and penalties still owed on the instalments due are carried into the first new one. Answers the new EMI.
    /// </summary>
    public async Task<long> RescheduleAsync(ILedgerTransaction books, Guid loanId, int months, CancellationToken cancellationToken)
    {
        var locked = await LockAsync(books.Db, loanId, cancellationToken);
        var (loan, state) = (locked.Loan, locked.State);
        Outstanding(locked);
        var carriedInterest = state.InterestDuePaise;
        var carriedPenalty = state.PenaltyDuePaise;
        var open = state.Due.Concat(state.Future).ToList();
        await SupersedeAsync(books.Db, open, cancellationToken);
        var schedule = Amortisation.Schedule(state.OutstandingPrincipalPaise, loan.RateBp, months, _terms.Today, locked.Rows.Max(r => r.Number) + 1);
        var rows = schedule.Select(s => Row(loan, s)).ToList();
        rows[0].InterestPaise += carriedInterest;
        rows[0].PenaltyPaise = carriedPenalty;
        await InsertAsync(books.Db, rows, cancellationToken);
        var emi = Amortisation.Emi(state.OutstandingPrincipalPaise, loan.RateBp, months);
        await books.Db.GetTable<LoanRow>().Where(l => l.Id == loan.Id).Set(l => l.EmiPaise, emi).Set(l => l.LastAttemptOn, (string?)null).UpdateAsync(cancellationToken);
        return emi;
    }

    /// <summary>Writes the outstanding principal off to loan losses (one entry); the loan ends WRITTEN_OFF. Answers the entry.</summary>
    public async Task<Guid> WriteOffAsync(ILedgerTransaction books, Guid loanId, string reason, string by, CancellationToken cancellationToken)
    {
        var locked = await LockAsync(books.Db, loanId, cancellationToken);
        var (loan, state) = (locked.Loan, locked.State);
        Outstanding(locked);
        var accounts = await _ledger.AccountsAsync(books.Db, [loan.AccountId, SystemAccounts.IdOf(SystemAccounts.LoanLosses)], cancellationToken);
        var posted = await books.PostAsync(new JournalDraft
        {
            EntryType = EntryTypes.LoanWriteOff, AmountPaise = state.OutstandingPrincipalPaise, From = accounts.Single(a => a.Id != loan.AccountId),
            To = accounts.Single(a => a.Id == loan.AccountId), Description = $"Loan {loan.LoanId} written off: {reason}", InitiatedBy = by,
        });
        await SupersedeAsync(books.Db, state.Due.Concat(state.Future).ToList(), cancellationToken);
        var now = _terms.Now;
        await books.Db.GetTable<LoanRow>().Where(l => l.Id == loan.Id).Set(l => l.Status, LoanRow.WrittenOff)
            .Set(l => l.WrittenOffPaise, state.OutstandingPrincipalPaise).Set(l => l.ClosedAt, now).UpdateAsync(cancellationToken);
        await _audit.RecordAsync(books.Db, new AuditEvent("loans.written_off", "loan", loan.LoanId,
            new { amount = Money.Format(state.OutstandingPrincipalPaise), interest_due = Money.Format(state.InterestDuePaise), reason }), cancellationToken);
        return posted.EntryId;
    }

    /// <summary>Charges each overdue instalment's penalties owed up to today (one per 30-day period after its grace); answers how much was added.</summary>
    public static async Task<long> ChargePenaltiesAsync(AppDb db, LockedLoan locked, CancellationToken cancellationToken)
    {
        var added = 0L;
        foreach (var row in locked.State.Due.Where(locked.State.IsOverdue))
        {
            var overdueFrom = LoanState.Day(row).AddDays(locked.Product.GraceDays);
            var owed = (locked.State.Today.DayNumber - overdueFrom.DayNumber - 1) / 30 + 1;
            if (owed <= row.PenaltiesCharged)
            {
                continue;
            }
            var charge = (owed - row.PenaltiesCharged) * locked.Product.PenaltyPaise;
            row.PenaltyPaise += charge;
            row.PenaltiesCharged = owed;
            added += charge;
            await db.GetTable<InstalmentRow>().Where(i => i.Id == row.Id).Set(i => i.PenaltyPaise, row.PenaltyPaise).Set(i => i.PenaltiesCharged, owed).UpdateAsync(cancellationToken);
        }
        return added;
    }

    /// <summary>The instalment rows of a new schedule.</summary>
    public InstalmentRow Row(LoanRow loan, ScheduledInstalment s) => new()
    {
        Id = Guid.CreateVersion7(_terms.Now), LoanId = loan.Id, Number = s.Number, DueOn = BankingDay.Key(s.DueOn), PrincipalPaise = s.PrincipalPaise,
        InterestPaise = s.InterestPaise, State = InstalmentRow.Open,
    };

    public static Task InsertAsync(AppDb db, IReadOnlyList<InstalmentRow> rows, CancellationToken cancellationToken) =>
        db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows }, rows, cancellationToken);

    private async Task<RepaymentRow> PostAsync(ILedgerTransaction books, LoanRow loan, Guid fromAccountId, Allocation allocation, string kind, string paidBy,
        CancellationToken cancellationToken)
    {
        var accounts = await _ledger.AccountsAsync(books.Db, [fromAccountId, loan.AccountId], cancellationToken);
        var shares = new List<Share>();
        void Add(Guid account, long paise)
        {
            if (paise > 0)
            {
                shares.Add(new Share(account, paise));
            }
        }
        Add(loan.AccountId, allocation.PrincipalPaise + allocation.PrepaidPaise);
        Add(SystemAccounts.IdOf(SystemAccounts.LoanInterestIncome), allocation.InterestPaise);
        Add(SystemAccounts.IdOf(SystemAccounts.LoanPenaltyIncome), allocation.PenaltyPaise);
        var posted = await books.PostSplitAsync(new JournalDraft
        {
            EntryType = EntryTypes.LoanRepayment, AmountPaise = allocation.TotalPaise, From = accounts.Single(a => a.Id == fromAccountId),
            To = accounts.Single(a => a.Id == loan.AccountId), Description = $"Loan {loan.LoanId} {(kind == RepaymentRow.Foreclosure ? "foreclosure" : "repayment")}",
            InitiatedBy = paidBy,
        }, shares);
        var repayment = new RepaymentRow
        {
            Id = Guid.CreateVersion7(_terms.Now), LoanId = loan.Id, Kind = kind, AmountPaise = allocation.TotalPaise, PenaltyPaise = allocation.PenaltyPaise,
            InterestPaise = allocation.InterestPaise, PrincipalPaise = allocation.PrincipalPaise, PrepaidPaise = allocation.PrepaidPaise, EntryId = posted.EntryId,
            TransactionId = posted.TransactionId, PaidBy = paidBy, CreatedAt = _terms.Now,
        };
        await books.Db.InsertAsync(repayment, token: cancellationToken);
        await _audit.RecordAsync(books.Db, new AuditEvent("loans.repaid", "loan", loan.LoanId, new
        {
            kind, amount = Money.Format(allocation.TotalPaise), penalty = Money.Format(allocation.PenaltyPaise), interest = Money.Format(allocation.InterestPaise),
            principal = Money.Format(allocation.PrincipalPaise), prepaid = Money.Format(allocation.PrepaidPaise), transaction_id = posted.TransactionId,
        }), cancellationToken);
        return repayment;
    }

    private void CheckPrepayment(LoanRow loan, ProductRow product, LoanState state, long prepaid)
    {
        CheckLockIn(loan, product, "Prepayment");
        if (prepaid >= state.FuturePrincipalPaise)
        {
            throw Refused("amount_above_outstanding", "Amount above the outstanding",
                $"This pays everything due ({Money.Format(state.AmountDuePaise)}) and at least the principal not yet due ({Money.Format(state.FuturePrincipalPaise)}): to close the loan, foreclose it (loans/{loan.LoanId}/foreclose quotes the payoff).");
        }
        if (product.PrepaymentMaxPercent == 0)
        {
            throw Refused("prepayment_not_allowed", "Prepayment not allowed",
                $"This product takes no prepayments: pay at most what is due ({Money.Format(state.AmountDuePaise)}).");
        }
        var limit = state.FuturePrincipalPaise * product.PrepaymentMaxPercent / 100;
        if (prepaid > limit)
        {
            throw Refused("prepayment_above_limit", "Prepayment above the limit",
                $"A prepayment may take at most {product.PrepaymentMaxPercent}% of the principal not yet due at once ({Money.Format(limit)}); this one would prepay {Money.Format(prepaid)} after what is due ({Money.Format(state.AmountDuePaise)}).");
        }
    }

    private void CheckLockIn(LoanRow loan, ProductRow product, string what)
    {
        var from = LoanState.Parse(loan.DisbursedOn).AddMonths(product.PrepaymentLockInMonths);
        if (_terms.Today < from)
        {
            throw Refused("prepayment_locked", "Within the lock-in",
                $"{what} is allowed from {BankingDay.Key(from)} (the product's lock-in of {product.PrepaymentLockInMonths} months); until then pay what is due.");
        }
    }

    /// <summary>The open instalments not yet due, re-amortised on <paramref name="principal"/> over the same count and due days.</summary>
    private async Task ReamortiseAsync(AppDb db, LoanRow loan, IReadOnlyList<InstalmentRow> future, long principal, CancellationToken cancellationToken)
    {
        await SupersedeAsync(db, future, cancellationToken);
        var schedule = Amortisation.Schedule(principal, loan.RateBp, future.Count, LoanState.Day(future[0]).AddMonths(-1), future[0].Number);
        var rows = schedule.Select((s, k) => Row(loan, s with { DueOn = LoanState.Day(future[k]) })).ToList();
        await InsertAsync(db, rows, cancellationToken);
        await db.GetTable<LoanRow>().Where(l => l.Id == loan.Id).Set(l => l.EmiPaise, Amortisation.Emi(principal, loan.RateBp, future.Count)).UpdateAsync(cancellationToken);
    }

    private static async Task SaveAsync(AppDb db, IReadOnlyList<InstalmentRow> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await db.UpdateAsync(row, token: cancellationToken);
        }
    }

    private static async Task SupersedeAsync(AppDb db, IReadOnlyCollection<InstalmentRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id).ToList();
        if (ids.Count > 0)
        {
            await db.GetTable<InstalmentRow>().Where(i => ids.Contains(i.Id)).Set(i => i.State, InstalmentRow.Superseded).UpdateAsync(cancellationToken);
        }
    }

    private async Task CloseIfRepaidAsync(AppDb db, LoanRow loan, CancellationToken cancellationToken)
    {
        if (await db.GetTable<InstalmentRow>().AnyAsync(i => i.LoanId == loan.Id && i.State == InstalmentRow.Open, cancellationToken))
        {
            return;
        }
        await db.GetTable<LoanRow>().Where(l => l.Id == loan.Id).Set(l => l.Status, LoanRow.Closed).Set(l => l.ClosedAt, _terms.Now).UpdateAsync(cancellationToken);
        await _audit.RecordAsync(db, new AuditEvent("loans.closed", "loan", loan.LoanId, new { principal = Money.Format(loan.PrincipalPaise) }), cancellationToken);
    }

    private static void NotClosed(LoanRow loan)
    {
        if (loan.Status != LoanRow.Active)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Loan not active", $"The loan is {loan.Status}: nothing more is paid or changed on it.", code: "loan_not_active");
        }
    }

    /// <summary>An active loan with principal outstanding (what a reschedule, write-off or foreclosure acts on).</summary>
    private static void Outstanding(LockedLoan locked)
    {
        NotClosed(locked.Loan);
        if (locked.State.OutstandingPrincipalPaise <= 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Nothing outstanding", "No principal is outstanding on this loan.", code: "loan_not_active");
        }
    }

    public static ApiProblemException Refused(string code, string title, string detail) => new(StatusCodes.Status422UnprocessableEntity, title, detail, code: code);
}
