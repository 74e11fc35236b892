using CredbuzzPay.Api.Modules.Kyc.Documents;
using CredbuzzPay.Api.Modules.Kyc.Features;
using CredbuzzPay.Api.Modules.Kyc.Providers;
using CredbuzzPay.Api.Modules.Kyc.Review;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>KYC onboarding: Aadhaar, PAN, business and bank sections with documents, provider checks, cross-checks and staff review.</summary>
public static class KycModule
{
    public static IServiceCollection AddKycModule(this IServiceCollection services)
    {
        services.AddOptions<KycOptions>().BindConfiguration(KycOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<KycOptions>, DocumentLimitsValidation>();
        services.AddSingleton<DecodeGate>();
        services.AddSingleton<DocumentInspector>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<KycStore>();
        services.AddSingleton<Contracts.IVerifiedBankAccounts, VerifiedBankAccounts>();
        // The sandbox providers are the only ones until an aggregator adapter is added (docs/kyc.md); KycOptions refuses any other name.
        services.AddScoped<IAadhaarVerification, SandboxAadhaarVerification>();
        services.AddSingleton<IPanVerification, SandboxPanVerification>();
        services.AddSingleton<IBankAccountVerification, SandboxBankAccountVerification>();
        services.AddScoped<SubmitSection>();
        services.AddScoped<VerifySection>();
        services.AddScoped<Identity.Contracts.IOtpPurposeHandler, KycOtpPurposes>();
        services.AddScoped<ReviewDecisions>();
        services.AddScoped<Platform.AdminPages.IDashboardPanel, Pages.KycFunnelPanel>();
        services.AddSingleton(new Platform.AdminPages.AdminLink("People", "KYC review", "/admin/kyc", Pages.QueueModel.Rule, 20));
        services.AddSingleton<Platform.Cli.IDemoSeeder, KycDemoSeeder>();
        services.AddSingleton<Platform.Secrets.IKeyRotation, KycKeyRotation>();
        services.AddScoped<Privacy.Contracts.IPersonalDataSource, KycPersonalData>();
        services.AddSingleton<Privacy.Contracts.IDataInventory, KycInventory>();
        services.AddSingleton<Privacy.Contracts.IErasureParticipant, KycErasure>();
        return services;
    }

    public static IEndpointRouteBuilder MapKycEndpoints(this IEndpointRouteBuilder api)
    {
        var limit = api.ServiceProvider.GetRequiredService<IOptions<KycOptions>>().Value.MaxDocumentBytes;
        api.MapKycUserEndpoints(limit);
        api.MapKycReviewEndpoints();
        api.MapKycReports();
        return api;
    }
}

/// <summary>The nested <c>Kyc:Documents</c> limits, checked like the rest (data annotations do not reach nested objects).</summary>
internal sealed class DocumentLimitsValidation : IValidateOptions<KycOptions>
{
    public ValidateOptionsResult Validate(string? name, KycOptions options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        return System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options.Documents, new(options.Documents), results, validateAllProperties: true)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(r => $"Kyc:Documents:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}
