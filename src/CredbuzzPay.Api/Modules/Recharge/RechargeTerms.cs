using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Recharge;

/// <summary>The recharge settings as the handlers use them, and the clock (whole milliseconds, as every engine stores an instant).</summary>
internal sealed class RechargeTerms
{
    private readonly IOptionsMonitor<RechargeOptions> _options;
    private readonly TimeProvider _clock;

    public RechargeTerms(IOptionsMonitor<RechargeOptions> options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
    }

    public RechargeOptions Options => _options.CurrentValue;

    public DateTime Now => Platform.Database.Instants.StoredNow(_clock);

    public int CommissionBp(string operatorCode) => Options.CommissionBp(operatorCode);

    public int TdsBp => Options.TdsBp;

    public TimeSpan ReplyTimeout => TimeSpan.FromSeconds(Options.ReplyTimeoutSeconds);

    /// <summary>When a pending purchase is checked next after <paramref name="checks"/> checks: the first wait, doubled each time, at most the longest.</summary>
    public DateTime NextCheck(DateTime now, int checks) => Platform.Jobs.Backoff.Next(now, checks, Options.FirstCheckSeconds, Options.MaxCheckSeconds);

    public TimeSpan StaffQueueAge => TimeSpan.FromMinutes(Options.StaffQueueMinutes);
}
