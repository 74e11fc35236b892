namespace CredbuzzPay.Api.Modules.Monitoring;

/// <summary>The service's own health and request figures (its endpoints are in <see cref="SystemEndpoints"/>), and their console page.</summary>
public static class MonitoringModule
{
    public static IServiceCollection AddMonitoringModule(this IServiceCollection services) =>
        services.AddSingleton(new Platform.AdminPages.AdminLink("Oversight", "System", "/admin/system", Pages.SystemModel.Rule, 90));
}
