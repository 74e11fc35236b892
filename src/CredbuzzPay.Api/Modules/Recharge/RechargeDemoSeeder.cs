using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Catalogue;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Modules.Recharge.Features.Purchases;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Recharge;

/// <summary>
/// The recharge catalogue (as populate-plans loads it) and a purchase history for <c>seed-demo</c>: up to 200 demo retailers
/// with wallets each sell three recharges through the aggregator sandbox (mostly completed, some failed and refunded,
/// some left pending), through the same flow as the API.
/// </summary>
internal sealed class RechargeDemoSeeder : IDemoSeeder
{
    private static readonly string[] Endings = ["55", "55", "55", "55", "55", "55", "01", "03"];
    private readonly IServiceScopeFactory _scopes;

    public RechargeDemoSeeder(IServiceScopeFactory scopes) => _scopes = scopes;

    public int Order => 70;

    public async Task<string> SeedAsync(AppDb db, DemoSeedContext context, CancellationToken cancellationToken)
    {
        await PlanCatalogue.PopulateAsync(db, context.Now, cancellationToken);
        var plans = await db.GetTable<PlanRow>().Where(p => p.Active && p.PlanType != "dth" && p.CircleCode == null && p.PricePaise <= 50_000).ToListAsync(cancellationToken);
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IUserDirectory>();
        var wallets = scope.ServiceProvider.GetRequiredService<Wallets.Contracts.IWallets>();
        var purchases = scope.ServiceProvider.GetRequiredService<StartPurchase>();
        var retailers = new List<UserSummary>();
        foreach (var chunk in context.SeededUsers.Chunk(500))
        {
            var found = await users.FindByCodesAsync(db, chunk.Select(u => u.UserCode).ToArray(), cancellationToken);
            foreach (var user in found.Values.Where(u => u.Tier == Tiers.Retailer && u.Status == UserStatuses.Active))
            {
                if (retailers.Count < 200 && await wallets.AccountOfAsync(db, user.Id, cancellationToken) is not null)
                {
                    retailers.Add(user);
                }
            }
        }
        var made = 0;
        foreach (var retailer in retailers)
        {
            for (var i = 0; i < 3 && plans.Count > 0; i++)
            {
                var plan = plans[DemoSeedContext.Pick(plans.Count)];
                var number = "9" + DemoSeedContext.Pick(10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture) + Endings[DemoSeedContext.Pick(Endings.Length)];
                try
                {
                    await purchases.BuyAsync(retailer, new PurchaseOrder(plan.Id, number, null, null), cancellationToken);
                    made++;
                }
                catch (ApiProblemException)
                {
                    // A demo wallet that ran dry is refused like a real one.
                }
            }
        }
        return $"recharge: catalogue loaded, {made} purchases by {retailers.Count} retailers";
    }
}
