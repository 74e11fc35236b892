using CredbuzzPay.Api.Modules.BillPay.Catalogue;
using CredbuzzPay.Api.Modules.BillPay.Features.Billers;
using CredbuzzPay.Api.Modules.BillPay.Features.Payments;
using CredbuzzPay.Api.Modules.BillPay.Providers;

namespace CredbuzzPay.Api.Modules.BillPay;

/// <summary>Bill payments (seed 004's purpose), BBPS-like: the biller catalogue, bill fetch, payment through a provider, receipts.</summary>
public static class BillPayModule
{
    public static IServiceCollection AddBillPayModule(this IServiceCollection services)
    {
        services.AddOptions<BillPayOptions>().BindConfiguration(BillPayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new Platform.AdminPages.AdminLink("Money", "Bill complaints", "/admin/bills/complaints", Pages.ComplaintsModel.Rule, 50));
        services.AddSingleton<BillPayTerms>();
        // The sandbox is the only provider until a real BBPS operating unit's adapter is added (docs/bill-payments.md says how).
        services.AddSingleton<IBillProvider, SandboxBillProvider>();
        services.AddScoped<BillSettlement>();
        services.AddScoped<FetchBill>();
        services.AddScoped<PayBill>();
        services.AddScoped<Platform.Jobs.IReconciliationTask, BillReconciliation>();
        services.AddSingleton<Platform.Cli.ICliCommand, PopulateBillersCommand>();
        services.AddSingleton<Platform.Secrets.IKeyRotation, BillPayKeyRotation>();
        services.AddSingleton<Platform.Jobs.ICleanupTask, FetchCleanup>();
        services.AddScoped<Privacy.Contracts.IPersonalDataSource, BillPayPersonalData>();
        services.AddSingleton<Privacy.Contracts.IErasureParticipant, BillPayErasure>();
        services.AddSingleton<Privacy.Contracts.IDataInventory, BillPayInventory>();
        return services;
    }

    public static IEndpointRouteBuilder MapBillPayEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapBillerEndpoints();
        api.MapPaymentEndpoints();
        api.MapSavedBillerEndpoints();
        api.MapComplaintEndpoints();
        return api;
    }
}
