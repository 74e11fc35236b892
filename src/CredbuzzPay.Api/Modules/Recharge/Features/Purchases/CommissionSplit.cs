namespace CredbuzzPay.Api.Modules.Recharge.Features.Purchases;

/// <summary>Where a sale's price goes, in paise: the parts sum to the price.</summary>
internal sealed record Split(long Aggregator, long Retailer, long RetailerTds, long Distributor, long DistributorTds, long Platform);

/// <summary>
/// The commission split of a sale (docs/wallets-and-recharge.md). The operator's commission C = ⌊price × X⌋ stays with the
/// platform's side; the aggregator is owed the rest. On a retailer's sale the retailer earns ⌊price × R⌋ and its distributor
/// ⌊price × (D − R)⌋, each less TDS of ⌊gross × t⌋; the platform keeps C less both, with every rounding remainder. Margins
/// are capped so the network never earns more than C (D at X, R at D), so the platform's share is never negative. A client
/// buying for themselves earns nothing. All in integer paise; rates in hundredths of a percent.
/// </summary>
internal static class CommissionSplit
{
    private const long Hundred = 10_000;

    public static Split Of(long pricePaise, int commissionBp, int retailerBp, int distributorBp, int tdsBp, bool retailerSale, bool hasDistributor)
    {
        var commission = pricePaise * commissionBp / Hundred;
        var aggregator = pricePaise - commission;
        if (!retailerSale)
        {
            return new Split(aggregator, 0, 0, 0, 0, commission);
        }
        var d = hasDistributor ? Math.Min(distributorBp, commissionBp) : 0;
        var r = Math.Min(retailerBp, hasDistributor ? d : commissionBp);
        var retailerGross = pricePaise * r / Hundred;
        var distributorGross = hasDistributor ? pricePaise * (d - r) / Hundred : 0;
        var retailerTds = retailerGross * tdsBp / Hundred;
        var distributorTds = distributorGross * tdsBp / Hundred;
        return new Split(aggregator, retailerGross - retailerTds, retailerTds, distributorGross - distributorTds, distributorTds,
            commission - retailerGross - distributorGross);
    }
}
