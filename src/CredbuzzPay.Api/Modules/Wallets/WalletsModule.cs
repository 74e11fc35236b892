using CredbuzzPay.Api.Modules.Wallets.Contracts;
using CredbuzzPay.Api.Modules.Wallets.Features;

namespace CredbuzzPay.Api.Modules.Wallets;

/// <summary>Seed 002's wallet network: distributors', retailers' and customers' wallets on the ledger, their movements and margins.</summary>
public static class WalletsModule
{
    public static IServiceCollection AddWalletsModule(this IServiceCollection services)
    {
        services.AddScoped<WalletDirectory>();
        services.AddScoped<IWallets>(sp => sp.GetRequiredService<WalletDirectory>());
        services.AddScoped<WalletMoney>();
        services.AddSingleton(new Platform.AdminPages.AdminLink("Money", "Wallets", "/admin/wallets", Pages.WalletsModel.Rule, 30));
        services.AddSingleton(new Platform.AdminPages.AdminLink("Money", "Margins", "/admin/margins", Pages.MarginsModel.Rule, 35));
        services.AddSingleton<Platform.Cli.IDemoSeeder, WalletsDemoSeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapWalletsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapWalletEndpoints();
        api.MapMarginEndpoints();
        return api;
    }
}
