using CredbuzzPay.Api.Modules.Ledger.Contracts;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Ledger.Books;

/// <summary>An account type's terms in paise and hundredths of a percent.</summary>
internal sealed record ProductTerms(long FloorPaise, int InterestRateBp, long SingleLimitPaise, long DailyLimitPaise);

/// <summary>The configured products and fee schedule (Ledger:Products, Ledger:Fees), read as paise (the options validator checked every value).</summary>
internal sealed class Tariff
{
    private readonly IOptionsMonitor<LedgerOptions> _options;

    public Tariff(IOptionsMonitor<LedgerOptions> options) => _options = options;

    public ProductTerms For(string kind)
    {
        var product = _options.CurrentValue.Products[kind];
        return new ProductTerms(Paise(product.MinimumBalance), (int)Paise(product.InterestRate), Paise(product.SingleTransactionLimit), Paise(product.DailyTransactionLimit));
    }

    /// <summary>The fixed deposit rate for a term: the first configured row covering it, else the product's rate.</summary>
    public int FixedDepositRateBp(int months)
    {
        var row = _options.CurrentValue.FixedDepositRates.OrderBy(r => r.UpToMonths).FirstOrDefault(r => months <= r.UpToMonths);
        return row is null ? For(AccountKinds.FixedDeposit).InterestRateBp : (int)Paise(row.Rate);
    }

    public int FixedDepositPenaltyBp => (int)Paise(_options.CurrentValue.FixedDepositPenaltyRate);

    public long ApprovalThresholdPaise => Paise(_options.CurrentValue.ApprovalThreshold);

    public TimeSpan ApprovalLifetime => TimeSpan.FromHours(_options.CurrentValue.ApprovalHours);

    public PostingFrequency InterestPosting => _options.CurrentValue.InterestPosting == "QUARTERLY" ? PostingFrequency.Quarterly : PostingFrequency.Monthly;

    public int DayCloseBatchSize => _options.CurrentValue.DayCloseBatchSize;

    public int DayCloseCatchUpDays => _options.CurrentValue.DayCloseCatchUpDays;

    /// <summary>flat + amount × percent / 100 (half up to the paisa), kept within [minimum, maximum]; maximum 0 means none.</summary>
    public long FeeFor(string type, long amountPaise)
    {
        if (!_options.CurrentValue.Fees.TryGetValue(type, out var rule))
        {
            return 0;
        }
        var percentHundredths = Paise(rule.Percent);
        var fee = Paise(rule.Flat) + ((amountPaise * percentHundredths) + 5_000) / 10_000;
        fee = Math.Max(fee, Paise(rule.Minimum));
        var maximum = Paise(rule.Maximum);
        return maximum > 0 ? Math.Min(fee, maximum) : fee;
    }

    private static long Paise(string value) => Money.ParseText(value) ?? throw new InvalidOperationException("Ledger settings were not validated.");
}
