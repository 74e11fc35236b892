using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.BillPay.Features.Payments;

/// <summary>Fetched bills a day past their validity are deleted (the cleanup job): a payment keeps its fetch_id, never needs the row again.</summary>
internal sealed class FetchCleanup : ICleanupTask
{
    private readonly AppDbFactory _factory;

    public FetchCleanup(AppDbFactory factory) => _factory = factory;

    public string Name => "bill fetches";

    public IEnumerable<RetentionRule> Retains =>
    [
        new("bill_fetches", "fetched bills (the biller's answer to a fetch)", "1 day after they expire", "-", "a bill is fetched to be paid", "cleanup job (bill fetches)"),
    ];

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        var before = now.AddDays(-1);
        return await db.GetTable<FetchRow>().Where(f => Instants.Before(f.ValidUntil, before)).DeleteAsync(cancellationToken);
    }
}
