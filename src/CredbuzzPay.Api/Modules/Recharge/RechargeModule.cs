using CredbuzzPay.Api.Modules.Recharge.Aggregators;
using CredbuzzPay.Api.Modules.Recharge.Catalogue;
using CredbuzzPay.Api.Modules.Recharge.Features.Plans;
using CredbuzzPay.Api.Modules.Recharge.Features.Purchases;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Recharge;

/// <summary>Seed 002's recharge: operators, circles and plans, and purchases through an operator aggregator with the network's margins.</summary>
public static class RechargeModule
{
    public static IServiceCollection AddRechargeModule(this IServiceCollection services)
    {
        services.AddOptions<RechargeOptions>().BindConfiguration(RechargeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new Platform.AdminPages.AdminLink("Money", "Pending recharges", "/admin/purchases/pending", Pages.PendingPurchasesModel.Rule, 45));
        services.AddSingleton(new Platform.AdminPages.AdminLink("Money", "Plans", "/admin/plans", Pages.PlansModel.Rule, 46));
        services.AddSingleton<IValidateOptions<RechargeOptions>, RechargeOptionsValidation>();
        services.AddSingleton<RechargeTerms>();
        // The sandbox is the only aggregator until a real adapter is added (docs/wallets-and-recharge.md says how).
        services.AddSingleton<SandboxAggregator>();
        services.AddSingleton<IRechargeAggregator>(sp => sp.GetRequiredService<SandboxAggregator>());
        services.AddScoped<PurchaseSettlement>();
        services.AddScoped<StartPurchase>();
        services.AddScoped<PurchaseCallbacks>();
        services.AddScoped<Platform.Jobs.IReconciliationTask, PurchaseReconciliation>();
        services.AddSingleton<Platform.Cli.ICliCommand, PopulatePlansCommand>();
        services.AddSingleton<Platform.Cli.IDemoSeeder, RechargeDemoSeeder>();
        services.AddScoped<Privacy.Contracts.IPersonalDataSource, RechargePersonalData>();
        services.AddSingleton<Privacy.Contracts.IErasureParticipant, RechargeErasure>();
        services.AddSingleton<Privacy.Contracts.IDataInventory, RechargeInventory>();
        return services;
    }

    public static IEndpointRouteBuilder MapRechargeEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPlanEndpoints();
        api.MapPurchaseEndpoints();
        api.MapStaffPurchaseEndpoints();
        return api;
    }
}
