using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Secrets;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.BillPay;

/// <summary>The bill-payment settings as the handlers use them, the clock (whole milliseconds), and the keys customer parameters are kept under.</summary>
internal sealed class BillPayTerms
{
    private readonly IOptionsMonitor<BillPayOptions> _options;
    private readonly TimeProvider _clock;
    private readonly SecretBox _box;

    public BillPayTerms(IOptionsMonitor<BillPayOptions> options, TimeProvider clock, SecretBox box, KeyRing keys)
    {
        _options = options;
        _clock = clock;
        _box = box;
        HashKey = keys.GetArray(KeyNames.BlindIndex);
    }

    public BillPayOptions Options => _options.CurrentValue;

    public DateTime Now => Platform.Database.Instants.StoredNow(_clock);

    public byte[] HashKey { get; }

    /// <summary>The platform fee of a payment: a fixed amount, or a percent of it rounded down to the paisa.</summary>
    public static long FeeOf(BillerRow biller, long amountPaise) => biller.FeeType == "PERCENTAGE" ? amountPaise * biller.FeeValue / 10_000 : biller.FeeValue;

    public byte[] Seal(Guid paymentId, string json) => _box.EncryptString(json, Associated(paymentId));

    public string Open(Guid paymentId, byte[] sealedParams) => _box.DecryptString(sealedParams, Associated(paymentId));

    private static string Associated(Guid paymentId) => $"bill-payment:{paymentId:N}";

    public byte[] SealSaved(Guid savedId, string json) => _box.EncryptString(json, $"bill-saved:{savedId:N}");
}
