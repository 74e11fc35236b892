using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.BillPay.Providers;

/// <summary>
/// The BBPS sandbox. The last four characters of the biller's first customer parameter (a card number, a consumer number)
/// decide (docs/bill-payments.md): 0000 the provider is down (fetch 503, pay no answer, status failed); 1111 an invalid
/// account (fetch refused, pay failed); 2222 no bill due; 3333 pays pending, then succeeds at a status check; 4444 pays
/// pending, then fails; anything else has a bill whose amount follows from the value, and pays at once.
/// </summary>
internal sealed class SandboxBillProvider : IBillProvider
{
    public const string ProviderName = "bbps-sandbox";
    private readonly IOptionsMonitor<BillPayOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, int> _checks = new(StringComparer.Ordinal);

    public SandboxBillProvider(IOptionsMonitor<BillPayOptions> options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
    }

    public string Name => ProviderName;

    public async Task<FetchedBill> FetchAsync(string billerId, IReadOnlyDictionary<string, string> customerParams, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        var value = customerParams.Values.FirstOrDefault() ?? "";
        switch (Ending(value))
        {
            case "0000":
                throw Down();
            case "1111":
                return new FetchedBill(FetchOutcome.InvalidCustomer);
            case "2222":
                return new FetchedBill(FetchOutcome.NoBillDue);
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(billerId + "|" + value));
        var amount = 10_000 + (long)(BitConverter.ToUInt32(hash, 0) % 900_000);
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime.AddHours(5.5));
        return new FetchedBill(FetchOutcome.Found, Names[hash[4] % Names.Length], amount, Math.Max(10_000, amount / 20 / 100 * 100),
            "BN" + Convert.ToHexString(hash, 5, 4), today.AddDays(-10), today.AddDays(10));
    }

    public async Task<PayAnswer> PayAsync(BillRequest request, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        return Ending(request.CustomerParams.Values.FirstOrDefault() ?? "") switch
        {
            "0000" => throw Down(),
            "1111" => new PayAnswer(PayOutcome.Failed, Reason: "The biller refused the account (sandbox)."),
            "3333" or "4444" => new PayAnswer(PayOutcome.Pending),
            _ => new PayAnswer(PayOutcome.Success, ReferenceOf(request.Reference)),
        };
    }

    public async Task<PayAnswer> StatusAsync(BillRequest request, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        var waited = _checks.AddOrUpdate(request.Reference, 1, (_, n) => n + 1) > _options.CurrentValue.SandboxPendingChecks;
        return Ending(request.CustomerParams.Values.FirstOrDefault() ?? "") switch
        {
            "0000" or "1111" => new PayAnswer(PayOutcome.Failed, Reason: "The biller has no payment for this reference (sandbox)."),
            "3333" => waited ? new PayAnswer(PayOutcome.Success, ReferenceOf(request.Reference)) : new PayAnswer(PayOutcome.Pending),
            "4444" => waited ? new PayAnswer(PayOutcome.Failed, Reason: "The biller did not credit the payment (sandbox).") : new PayAnswer(PayOutcome.Pending),
            _ => new PayAnswer(PayOutcome.Success, ReferenceOf(request.Reference)),
        };
    }

    private static readonly string[] Names = ["Asha Rao", "Vikram Shah", "Meena Iyer", "Rahul Verma", "Priya Nair", "Arjun Mehta"];

    private static string ReferenceOf(string reference) => "BLR" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(reference)))[..13];

    private static string Ending(string value) => value.Length >= 4 ? value[^4..] : value;

    private static HttpRequestException Down() => new("The BBPS sandbox answered 503 Service Unavailable.", null, HttpStatusCode.ServiceUnavailable);

    private Task LatencyAsync(CancellationToken cancellationToken) =>
        _options.CurrentValue.SandboxLatencyMilliseconds is > 0 and var ms ? Task.Delay(ms, cancellationToken) : Task.CompletedTask;
}
