using CredbuzzPay.Api.Modules.Access.Contracts;
using CredbuzzPay.Api.Modules.Access.Features;

namespace CredbuzzPay.Api.Modules.Access;

/// <summary>Branches, features and per-user feature access.</summary>
public static class AccessModule
{
    public static IServiceCollection AddAccessModule(this IServiceCollection services)
    {
        services.AddSingleton<AccessDirectory>();
        services.AddSingleton<IBranchDirectory>(sp => sp.GetRequiredService<AccessDirectory>());
        services.AddSingleton<IFeatureAccess>(sp => sp.GetRequiredService<AccessDirectory>());
        services.AddScoped<AccessAdmin>();
        services.AddSingleton(new Platform.AdminPages.AdminLink("Access", "Branches", "/admin/branches", Pages.BranchesModel.Rule, 10));
        services.AddSingleton(new Platform.AdminPages.AdminLink("Access", "Features", "/admin/features", Pages.FeaturesModel.Rule, 20));
        services.AddSingleton<Platform.Cli.IDemoSeeder, AccessDemoSeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapAccessEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapBranchEndpoints();
        api.MapFeatureEndpoints();
        return api;
    }
}
