using CredbuzzPay.Api.Modules.Security.Contracts;
using CredbuzzPay.Api.Modules.Security.Features;
using CredbuzzPay.Api.Platform.Security;

namespace CredbuzzPay.Api.Modules.Security;

/// <summary>Security monitoring: signals, detection, alerts, the IP blocklist and risk scores.</summary>
public static class SecurityModule
{
    public static IServiceCollection AddSecurityModule(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IpBlocklist>();
        services.AddScoped<Platform.AdminPages.IDashboardPanel, Pages.AlertsPanel>();
        services.AddSingleton(new Platform.AdminPages.AdminLink("Oversight", "Security", "/admin/security", Pages.AlertsModel.Rule, 30));
        services.AddSingleton<IRequestGate>(sp => sp.GetRequiredService<IpBlocklist>());
        services.AddSingleton<IResponseObserver, AccessDeniedObserver>();
        services.AddSingleton<Detection>();
        services.AddSingleton<Privacy.Contracts.IErasureParticipant, SecurityErasure>();
        services.AddSingleton<ISecuritySignals>(sp => sp.GetRequiredService<Detection>());
        services.AddSingleton<IRiskScores>(sp => sp.GetRequiredService<Detection>());
        services.AddSingleton<ISignInHistory>(sp => sp.GetRequiredService<Detection>());
        services.AddSingleton<ISecuritySettings, SecuritySettingsStore>();
        return services;
    }

    public static IEndpointRouteBuilder MapSecurityEndpoints(this IEndpointRouteBuilder api)
    {
        SecurityEndpoints.MapSecurityEndpoints(api);
        SecuritySettingsStore.Map(api);
        return api;
    }
}
