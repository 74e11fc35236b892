using System.Runtime.CompilerServices;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Loans.Books;

/// <summary>For verify-ledger: each loan's account holds minus the principal its open instalments still ask (zero once closed or written off).</summary>
internal sealed class LoanSubledger : ISubledgerCheck
{
    public string Name => "loans";

    public async IAsyncEnumerable<ExpectedBalance> ExpectedAsync(AppDb db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = Guid.Empty;
        while (true)
        {
            var last = cursor;
            var loans = await db.GetTable<LoanRow>().Where(l => Keys.After(l.Id, last)).OrderBy(l => l.Id).Take(1000)
                .Select(l => new { l.Id, l.LoanId, l.AccountId }).ToListAsync(cancellationToken);
            if (loans.Count == 0)
            {
                yield break;
            }
            var ids = loans.Select(l => l.Id).ToList();
            var open = await db.GetTable<InstalmentRow>().Where(i => ids.Contains(i.LoanId) && i.State == InstalmentRow.Open).GroupBy(i => i.LoanId)
                .Select(g => new { LoanId = g.Key, Principal = g.Sum(i => i.PrincipalPaise - i.PrincipalPaidPaise) }).ToDictionaryAsync(x => x.LoanId, x => x.Principal, cancellationToken);
            foreach (var loan in loans)
            {
                yield return new ExpectedBalance(loan.AccountId, -open.GetValueOrDefault(loan.Id), $"loan {loan.LoanId}");
            }
            cursor = loans[^1].Id;
        }
    }
}
