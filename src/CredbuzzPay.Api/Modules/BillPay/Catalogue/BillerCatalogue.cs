using System.Text.Json;
using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.BillPay.Catalogue;

/// <summary>A customer parameter a biller needs (BBPS's "customer params"): checked against its regex before anything else.</summary>
public sealed record CustomerParam(string Name, string Label, string Regex, bool Required);

/// <summary>
/// The categories, and a realistic sample of billers for <c>populate-billers</c>: the major card issuers, state electricity
/// boards and other utilities. Loading adds only the billers whose id is missing, so running it twice adds nothing.
/// </summary>
internal static class BillerCatalogue
{
    public const string CreditCard = "credit_card";

    public static readonly (string Code, string Name)[] Categories =
    [
        (CreditCard, "Credit card"), ("electricity", "Electricity"), ("water", "Water"), ("gas", "Gas (piped and cylinder)"),
        ("broadband", "Broadband and landline"), ("dth", "DTH"), ("postpaid", "Mobile postpaid"), ("insurance", "Insurance premium"),
        ("loan_emi", "Loan EMI"), ("fastag", "FASTag"), ("education", "Education fees"),
    ];

    private static readonly CustomerParam[] Card =
    [
        new("card_number", "Credit card number", "^[0-9]{16}$", true),
        new("mobile", "Registered mobile number", "^[6-9][0-9]{9}$", true),
    ];

    private static CustomerParam[] Consumer(string label, string regex) => [new("consumer_number", label, regex, true)];

    public static IEnumerable<BillerRow> Samples(DateTime now)
    {
        BillerRow Row(string id, string name, string category, CustomerParam[] parameters, bool fetch, bool part, long min, long max, string feeType, long fee,
            int margin = 0, bool featured = false) => new()
        {
            BillerId = id, Name = name, CategoryCode = category, CustomerParams = JsonSerializer.Serialize(parameters, Json), FetchSupported = fetch, PartPayment = part,
            MinAmountPaise = min, MaxAmountPaise = max, FeeType = feeType, FeeValue = fee, RetailerMarginBp = margin, Featured = featured, Active = true,
            PaymentModes = "wallet,account", CreatedAt = now, UpdatedAt = now,
        };
        foreach (var (id, name, featured) in new[]
        {
            ("HDFC00000NATDJ", "HDFC Bank Credit Card", true), ("SBIC00000NATDN", "SBI Card", true), ("ICIC00000NATSI", "ICICI Bank Credit Card", true),
            ("AXIS00000NATNM", "Axis Bank Credit Card", false), ("KOTK00000NATKZ", "Kotak Mahindra Bank Credit Card", false),
            ("AMEX00000NATIE", "American Express Credit Card", false), ("INDU00000NATOL", "IndusInd Bank Credit Card", false),
            ("YESB00000NATIQ", "YES Bank Credit Card", false), ("RBLC00000NATRC", "RBL Bank Credit Card", false),
        })
        {
            // Credit cards: any amount from 1.00 up to the outstanding; a flat 5.00 platform fee.
            yield return Row(id, name, CreditCard, Card, fetch: true, part: true, 100, 50_000_000, "FIXED", 500, featured: featured);
        }
        yield return Row("MSEB00000MAH01", "Maharashtra State Electricity Distribution (MSEDCL)", "electricity", Consumer("Consumer number", "^[0-9]{12}$"),
            true, false, 10_000, 20_000_000, "FIXED", 0, margin: 50, featured: true);
        yield return Row("BESCOM000KAR01", "Bangalore Electricity Supply (BESCOM)", "electricity", Consumer("Account ID", "^[0-9]{10}$"),
            true, false, 10_000, 20_000_000, "FIXED", 0, margin: 50);
        yield return Row("TNEB00000TND01", "Tamil Nadu Generation and Distribution (TANGEDCO)", "electricity", Consumer("Service number", "^[0-9]{9,12}$"),
            true, true, 10_000, 20_000_000, "FIXED", 0, margin: 50);
        yield return Row("BSESRAJ00DEL01", "BSES Rajdhani Power", "electricity", Consumer("CA number", "^[0-9]{9}$"), true, false, 10_000, 20_000_000, "FIXED", 0, margin: 50);
        yield return Row("DJB000000DEL01", "Delhi Jal Board", "water", Consumer("K number", "^[0-9]{10}$"), true, false, 5_000, 5_000_000, "FIXED", 0, margin: 40);
        yield return Row("MGL000000MUM01", "Mahanagar Gas", "gas", Consumer("BP number", "^[0-9]{10}$"), true, false, 5_000, 5_000_000, "FIXED", 0, margin: 40);
        yield return Row("ACTB00000NAT01", "ACT Fibernet", "broadband", Consumer("Account number", "^[0-9]{6,12}$"), true, false, 10_000, 5_000_000, "PERCENTAGE", 100);
        yield return Row("AIRP00000NAT01", "Airtel Postpaid", "postpaid", Consumer("Mobile number", "^[6-9][0-9]{9}$"), true, true, 1_000, 5_000_000, "FIXED", 0, margin: 30);
        yield return Row("LICI00000NAT01", "Life Insurance Corporation of India", "insurance", Consumer("Policy number", "^[0-9]{9}$"), true, false, 10_000, 50_000_000,
            "PERCENTAGE", 50);
        yield return Row("BAJF00000NAT01", "Bajaj Finance EMI", "loan_emi", Consumer("Loan account number", "^[0-9A-Z]{8,16}$"), true, false, 10_000, 50_000_000, "FIXED", 1_000);
        yield return Row("NETC00000NAT01", "NETC FASTag (IDFC FIRST)", "fastag", Consumer("Vehicle number", "^[A-Z]{2}[0-9]{1,2}[A-Z]{0,3}[0-9]{4}$"), false, true, 10_000,
            10_000_000, "FIXED", 0);
        yield return Row("DPSRK0000DEL01", "Delhi Public School, R K Puram (fees)", "education", Consumer("Admission number", "^[0-9]{5,8}$"), true, false, 10_000, 50_000_000,
            "PERCENTAGE", 75);
        yield return Row("TATAPLAY0NAT01", "Tata Play (bill)", "dth", Consumer("Subscriber ID", "^[0-9]{10}$"), false, true, 10_000, 5_000_000, "FIXED", 0, margin: 100);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IReadOnlyList<CustomerParam> ParamsOf(BillerRow biller) => JsonSerializer.Deserialize<List<CustomerParam>>(biller.CustomerParams, Json) ?? [];

    /// <summary>Adds the billers whose id is missing; answers how many were added.</summary>
    public static async Task<int> PopulateAsync(AppDb db, DateTime now, CancellationToken cancellationToken)
    {
        var existing = (await db.GetTable<BillerRow>().Select(b => b.BillerId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        foreach (var biller in Samples(now).Where(b => !existing.Contains(b.BillerId)))
        {
            await db.InsertAsync(biller, token: cancellationToken);
            added++;
        }
        await transaction.CommitAsync(cancellationToken);
        return added;
    }
}

/// <summary><c>populate-billers</c>: the sample biller catalogue, safe to run again.</summary>
internal sealed class PopulateBillersCommand : Platform.Cli.ICliCommand
{
    private readonly AppDbFactory _factory;
    private readonly TimeProvider _clock;

    public PopulateBillersCommand(AppDbFactory factory, TimeProvider clock)
    {
        _factory = factory;
        _clock = clock;
    }

    public string Name => "populate-billers";

    public string Description => "Load a sample bill-payment catalogue (card issuers, electricity boards, utilities); running it again adds only what is missing.";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        Console.WriteLine($"Bill payments: {await BillerCatalogue.PopulateAsync(db, Instants.StoredNow(_clock), cancellationToken)} biller(s) added.");
        return 0;
    }
}
