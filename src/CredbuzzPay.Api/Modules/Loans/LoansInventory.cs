using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Loans;

/// <summary>The loans module's personal data by kind and age: applications and loans.</summary>
internal sealed class LoansInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken) =>
    [
        await DataKindCount.OfAsync("loan_applications", db.GetTable<ApplicationRow>(), a => a.CreatedAt, now, cancellationToken),
        await DataKindCount.OfAsync("loans", db.GetTable<LoanRow>(), l => l.CreatedAt, now, cancellationToken),
    ];
}
