using CredbuzzPay.Api.Modules.Loans.Books;
using CredbuzzPay.Api.Modules.Loans.Features.Applications;
using CredbuzzPay.Api.Modules.Loans.Features.Products;
using CredbuzzPay.Api.Modules.Loans.Features.Servicing;
using CredbuzzPay.Api.Modules.Loans.Features.Staff;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Loans;

/// <summary>Seed 001's loans (the bank admin "approves loans"), Fineract-like: products, applications with maker-checker, disbursement, EMI schedules, repayment and delinquency on the ledger.</summary>
public static class LoansModule
{
    public static IServiceCollection AddLoansModule(this IServiceCollection services)
    {
        services.AddOptions<LoansOptions>().BindConfiguration(LoansOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new Platform.AdminPages.AdminLink("Money", "Loan applications", "/admin/loans", Pages.ApplicationsModel.Rule, 60));
        services.AddSingleton<IValidateOptions<LoansOptions>, LoansOptionsValidation>();
        services.AddSingleton<LoanTerms>();
        services.AddScoped<LoanBook>();
        services.AddSingleton<Ledger.Contracts.ISubledgerCheck, LoanSubledger>();
        services.AddScoped<LoanReader>();
        services.AddScoped<ApplicationDecisions>();
        services.AddScoped<Disbursement>();
        services.AddScoped<LoanRequests>();
        services.AddScoped<LoanServicing>();
        services.AddScoped<Platform.Jobs.IDayCloseTask>(sp => sp.GetRequiredService<LoanServicing>());
        services.AddScoped<Privacy.Contracts.IPersonalDataSource, LoansPersonalData>();
        services.AddSingleton<Privacy.Contracts.IErasureParticipant, LoansErasure>();
        services.AddSingleton<Privacy.Contracts.IDataInventory, LoansInventory>();
        return services;
    }

    public static IEndpointRouteBuilder MapLoansEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapProductEndpoints();
        api.MapApplicationEndpoints();
        api.MapStaffApplicationEndpoints();
        api.MapLoanEndpoints();
        api.MapStaffLoanEndpoints();
        return api;
    }
}
