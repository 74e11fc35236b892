using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Audit.Features.VerifyChain;

namespace CredbuzzPay.Api.Modules.Audit;

/// <summary>The audit trail: an append-only, hash-chained record of who did what.</summary>
public static class AuditModule
{
    public static IServiceCollection AddAuditModule(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditChain>();
        services.AddSingleton<AuditChainVerifier>();
        services.AddSingleton<Platform.Cli.IDemoSeeder, AuditDemoSeeder>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<IAuditReader, AuditReader>();
        services.AddSingleton(new Platform.AdminPages.AdminLink("Oversight", "Audit trail", "/admin/audit", Pages.TrailModel.Rule, 10));
        services.AddSingleton<Platform.Cli.ICliCommand, VerifyAuditCommand>();
        services.AddScoped<Privacy.Contracts.IPersonalDataSource, AuditPersonalData>();
        services.AddSingleton<Privacy.Contracts.IDataInventory, AuditInventory>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder api)
    {
        Features.Reports.AuditEndpoints.MapAuditEndpoints(api);
        Features.Reports.RegistrationFunnel.MapRegistrationFunnel(api);
        return api;
    }
}
