using CredbuzzPay.Api.Modules.Ledger.Contracts;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Loans;

/// <summary>The loan settings as handlers use them, and the clock (whole milliseconds; banking days in Asia/Kolkata).</summary>
internal sealed class LoanTerms
{
    private readonly IOptionsMonitor<LoansOptions> _options;
    private readonly TimeProvider _clock;

    public LoanTerms(IOptionsMonitor<LoansOptions> options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
    }

    public LoansOptions Options => _options.CurrentValue;

    public int GstBp => Options.GstBp;

    public long SecondApprovalPaise => Options.SecondApprovalPaise;

    public DateTime Now => Platform.Database.Instants.StoredNow(_clock);

    public DateOnly Today => BankingDay.Of(Now);
}
