using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Features;

namespace CredbuzzPay.Api.Modules.Privacy;

/// <summary>India's DPDP Act for the product's data principals: the versioned notice, consents and grievances (docs/privacy.md).</summary>
public static class PrivacyModule
{
    public static IServiceCollection AddPrivacyModule(this IServiceCollection services)
    {
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new Platform.AdminPages.AdminLink("Compliance", "Grievances", "/admin/privacy/grievances", Pages.GrievancesModel.Rule, 20));
        services.AddSingleton(new Platform.AdminPages.AdminLink("Compliance", "Privacy requests", "/admin/privacy/requests", Pages.PrivacyRequestsModel.Rule, 10));
        services.AddSingleton<ConsentBook>();
        services.AddSingleton<IPrivacyNotices>(sp => sp.GetRequiredService<ConsentBook>());
        services.AddSingleton<Platform.Notifications.IMessageConsent>(sp => sp.GetRequiredService<ConsentBook>());
        services.AddScoped<ArchiveNotice>();
        services.AddScoped<AccessArchives>();
        services.AddScoped<Platform.Jobs.IReconciliationTask>(sp => sp.GetRequiredService<AccessArchives>());
        services.AddScoped<IPersonalDataSource, PrivacyData>();
        services.AddSingleton<IErasureParticipant, PrivacyErasure>();
        services.AddSingleton<ICorrectionLog, CorrectionLog>();
        services.AddSingleton<IDataInventory, PrivacyInventory>();
        services.AddScoped<Erasures>();
        services.AddScoped<ErasureRetries>();
        services.AddScoped<Platform.Jobs.IReconciliationTask>(sp => sp.GetRequiredService<ErasureRetries>());
        services.AddSingleton<RetainedSetPurge>();
        services.AddSingleton<Platform.Jobs.ICleanupTask>(sp => sp.GetRequiredService<RetainedSetPurge>());
        services.AddSingleton<Platform.Cli.ICliCommand, PrivacyReportCommand>();
        return services;
    }

    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapNoticeEndpoints();
        api.MapGrievanceEndpoints();
        api.MapRequestEndpoints();
        return api;
    }
}
