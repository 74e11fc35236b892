using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Books;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Notifications;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Loans.Features.Applications;

/// <summary>
/// Pays an approved application out, in one ledger transaction: a LOAN account is opened for the customer (its floor minus the principal),
/// one entry debits it the principal and credits the disbursement account the principal less the processing fee and its GST, fee income the
/// fee and GST payable the GST; the loan and its schedule (from today) are written with it, and the customer is told.
/// </summary>
internal sealed class Disbursement
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly AppDb _db;
    private readonly ILedger _ledger;
    private readonly IUserDirectory _users;
    private readonly IAuditTrail _audit;
    private readonly IOutbox _outbox;
    private readonly LoanBook _book;

    public Disbursement(AppDb db, ILedger ledger, IUserDirectory users, IAuditTrail audit, IOutbox outbox, LoanBook book)
    {
        _db = db;
        _ledger = ledger;
        _users = users;
        _audit = audit;
        _outbox = outbox;
        _book = book;
    }

    public async Task<Guid> DisburseAsync(UserSummary staff, ApplicationRow application, CancellationToken cancellationToken)
    {
        if (application.Status != ApplicationRow.Approved)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Not approved", $"The application is {application.Status}; only an APPROVED one is disbursed.",
                code: "application_not_approved");
        }
        var customer = await _users.FindAsync(_db, application.UserId, cancellationToken);
        if (customer is null || customer.Status != UserStatuses.Active || customer.KycStatus != OverallKycStatuses.Verified)
        {
            throw LoanBook.Refused("customer_not_eligible", "Customer not eligible", "The customer is no longer active with verified KYC; the loan cannot be paid out.");
        }
        var terms = _book.Terms;
        return await _ledger.RunAsync(_db, async books =>
        {
            var now = terms.Now;
            var loanId = Guid.CreateVersion7(now);
            if (await books.Db.GetTable<ApplicationRow>().Where(a => a.Id == application.Id && a.Status == ApplicationRow.Approved)
                    .Set(a => a.Status, ApplicationRow.Disbursed).Set(a => a.LoanId, loanId).UpdateAsync(cancellationToken) != 1)
            {
                throw new ApiProblemException(StatusCodes.Status409Conflict, "Disbursed already", "The application was paid out just now.", code: "application_not_approved");
            }
            var target = (await _ledger.AccountsAsync(books.Db, [application.AccountId], cancellationToken)).Single();
            if (target.Status != AccountStatuses.Active || target.OwnerId != application.UserId)
            {
                throw LoanBook.Refused(LedgerRefusals.AccountNotActive, "Account not active", "The disbursement account is frozen or closed; the customer must apply with an active one.");
            }
            var account = await books.OpenAsync(new NewAccount(AccountKinds.Loan, customer.Id, customer.UserCode, customer.BranchCode, -application.PrincipalPaise, 0, null, null));
            var shares = new List<Share> { new(target.Id, application.PrincipalPaise - application.FeePaise - application.GstPaise) };
            if (application.FeePaise > 0)
            {
                shares.Add(new Share(SystemAccounts.FeeIncomeFor(account.Id), application.FeePaise));
            }
            if (application.GstPaise > 0)
            {
                shares.Add(new Share(SystemAccounts.IdOf(SystemAccounts.GstPayable), application.GstPaise));
            }
            var loan = new LoanRow
            {
                Id = loanId, LoanId = "LN" + RandomNumberGenerator.GetString(Alphabet, 11), ApplicationId = application.Id, UserId = customer.Id, UserCode = customer.UserCode,
                BranchCode = customer.BranchCode, ProductId = application.ProductId, AccountId = account.Id, AccountNumber = account.AccountNumber,
                RepaymentAccountId = target.Id, RepaymentAccountNumber = target.AccountNumber, PrincipalPaise = application.PrincipalPaise, RateBp = application.RateBp,
                TermMonths = application.TermMonths, EmiPaise = application.EmiPaise, FeePaise = application.FeePaise, GstPaise = application.GstPaise,
                Status = LoanRow.Active, DisbursedOn = BankingDay.Key(terms.Today), CreatedAt = now,
            };
            var posted = await books.PostSplitAsync(new JournalDraft
            {
                EntryType = EntryTypes.LoanDisbursement, AmountPaise = application.PrincipalPaise, From = account, To = target, InitiatedBy = staff.UserCode,
                Description = $"Loan {loan.LoanId} disbursed (fee {Money.Format(application.FeePaise)}, GST {Money.Format(application.GstPaise)})",
            }, shares);
            loan.EntryId = posted.EntryId;
            await books.Db.InsertAsync(loan, token: cancellationToken);
            var schedule = Amortisation.Schedule(application.PrincipalPaise, application.RateBp, application.TermMonths, terms.Today);
            await LoanBook.InsertAsync(books.Db, schedule.Select(s => _book.Row(loan, s)).ToList(), cancellationToken);
            await _audit.RecordAsync(books.Db, new AuditEvent("loans.disbursed", "loan", loan.LoanId, new
            {
                application = application.ApplicationId, principal = Money.Format(application.PrincipalPaise), fee = Money.Format(application.FeePaise),
                gst = Money.Format(application.GstPaise), transaction_id = posted.TransactionId,
            }), cancellationToken);
            var text = $"Hello {customer.FirstName}, your loan {loan.LoanId} of Rs {Money.Format(loan.PrincipalPaise)} was paid into your account ending "
                + $"{target.AccountNumber[^4..]} (fee and GST Rs {Money.Format(loan.FeePaise + loan.GstPaise)} deducted). EMI Rs {Money.Format(loan.EmiPaise)} from {BankingDay.Key(schedule[0].DueOn)}.";
            await _outbox.EnqueueAsync(books.Db, OutgoingMessage.Sms(customer.Mobile, text), cancellationToken);
            await _outbox.EnqueueAsync(books.Db, OutgoingMessage.Email(customer.Email, "Your loan was disbursed", text), cancellationToken);
            return loan.Id;
        }, cancellationToken);
    }
}
