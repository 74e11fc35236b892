using CredbuzzPay.Api.Modules.Loans.Books;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Loans.Features.Servicing;

/// <summary>Loans as their owners and staff read them: figures worked out today from the instalments (a page in three queries after its count, however long).</summary>
internal sealed class LoanReader
{
    private readonly LoanTerms _terms;

    public LoanReader(LoanTerms terms)
    {
        _terms = terms;
    }

    public async Task<LoanView> ViewAsync(AppDb db, Guid loanId, CancellationToken cancellationToken)
    {
        var loan = await db.GetTable<LoanRow>().FirstAsync(l => l.Id == loanId, cancellationToken);
        var repayments = await db.GetTable<RepaymentRow>().Where(r => r.LoanId == loanId).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var views = await ViewsAsync(db, [loan], repayments, withSchedule: true, cancellationToken);
        return views[0];
    }

    public async Task<LoanState> StateAsync(AppDb db, LoanRow loan, CancellationToken cancellationToken) => (await StatesAsync(db, [loan], cancellationToken))[loan.Id];

    public async Task<Paged<LoanView>> PageAsync(AppDb db, IQueryable<LoanRow> query, PageRequest page, HttpRequest http, CancellationToken cancellationToken)
    {
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return page.ToPaged(http, count, await ViewsAsync(db, rows, null, withSchedule: false, cancellationToken));
    }

    /// <summary>The figures of many loans, their instalments and products read in two queries.</summary>
    public async Task<Dictionary<Guid, LoanState>> StatesAsync(AppDb db, IReadOnlyList<LoanRow> loans, CancellationToken cancellationToken) =>
        await StatesAsync(db, loans, await ProductsAsync(db, loans, cancellationToken), cancellationToken);

    private async Task<Dictionary<Guid, LoanState>> StatesAsync(AppDb db, IReadOnlyList<LoanRow> loans, Dictionary<Guid, ProductRow> products, CancellationToken cancellationToken)
    {
        var ids = loans.Select(l => l.Id).ToList();
        var instalments = (await db.GetTable<InstalmentRow>().Where(i => ids.Contains(i.LoanId)).ToListAsync(cancellationToken)).ToLookup(i => i.LoanId);
        return loans.ToDictionary(l => l.Id, l => LoanState.Of(l, instalments[l.Id], products[l.ProductId].GraceDays, _terms.Today));
    }

    private static Task<Dictionary<Guid, ProductRow>> ProductsAsync(AppDb db, IReadOnlyList<LoanRow> loans, CancellationToken cancellationToken)
    {
        var productIds = loans.Select(l => l.ProductId).Distinct().ToList();
        return db.GetTable<ProductRow>().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
    }

    private async Task<List<LoanView>> ViewsAsync(AppDb db, IReadOnlyList<LoanRow> loans, IReadOnlyList<RepaymentRow>? repayments, bool withSchedule,
        CancellationToken cancellationToken)
    {
        if (loans.Count == 0)
        {
            return [];
        }
        var products = await ProductsAsync(db, loans, cancellationToken);
        var states = await StatesAsync(db, loans, products, cancellationToken);
        var applicationIds = loans.Select(l => l.ApplicationId).ToList();
        var applications = await db.GetTable<ApplicationRow>().Where(a => applicationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.ApplicationId, cancellationToken);
        return loans.Select(l => LoanViews.Of(states[l.Id], applications[l.ApplicationId], products[l.ProductId].ProductId, repayments, withSchedule)).ToList();
    }
}
