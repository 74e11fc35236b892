using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Loans;

/// <summary>The loans part of an access archive: applications, loans with their instalments and repayments.</summary>
internal sealed class LoansPersonalData : IPersonalDataSource
{
    public async Task<PersonalDataPart> ExportAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var applications = await db.GetTable<ApplicationRow>().Where(a => a.UserId == userId).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        var loans = await db.GetTable<LoanRow>().Where(l => l.UserId == userId).OrderBy(l => l.CreatedAt).ToListAsync(cancellationToken);
        var ids = loans.Select(l => l.Id).ToList();
        var instalments = (await db.GetTable<InstalmentRow>().Where(i => ids.Contains(i.LoanId)).OrderBy(i => i.Number).ToListAsync(cancellationToken)).ToLookup(i => i.LoanId);
        var repayments = (await db.GetTable<RepaymentRow>().Where(r => ids.Contains(r.LoanId)).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken)).ToLookup(r => r.LoanId);
        return new PersonalDataPart("loans", new
        {
            applications = applications.Select(a => new
            {
                a.ApplicationId, principal = Money.Format(a.PrincipalPaise), a.TermMonths, interest_rate = Money.Format(a.RateBp), emi = Money.Format(a.EmiPaise), a.Purpose,
                a.AccountNumber, a.Status, a.DecisionReason, a.CreatedAt, a.DecidedAt,
            }).ToList(),
            loans = loans.Select(l => new
            {
                l.LoanId, l.AccountNumber, l.RepaymentAccountNumber, principal = Money.Format(l.PrincipalPaise), interest_rate = Money.Format(l.RateBp), l.TermMonths,
                emi = Money.Format(l.EmiPaise), l.Status, l.DisbursedOn, l.ClosedAt,
                instalments = instalments[l.Id].Select(i => new
                {
                    i.Number, i.DueOn, principal = Money.Format(i.PrincipalPaise), interest = Money.Format(i.InterestPaise), penalty = Money.Format(i.PenaltyPaise),
                    paid = Money.Format(i.PrincipalPaidPaise + i.InterestPaidPaise + i.PenaltyPaidPaise), i.State, i.PaidOn,
                }).ToList(),
                repayments = repayments[l.Id].Select(r => new { r.TransactionId, r.Kind, amount = Money.Format(r.AmountPaise), r.CreatedAt }).ToList(),
            }).ToList(),
        });
    }
}
