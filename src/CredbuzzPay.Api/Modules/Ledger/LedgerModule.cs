using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Features.Accounts;
using CredbuzzPay.Api.Modules.Ledger.Features.Admin;
using CredbuzzPay.Api.Modules.Ledger.Features.Approvals;
using CredbuzzPay.Api.Modules.Ledger.Features.Interest;
using CredbuzzPay.Api.Modules.Ledger.Features.Operations;
using CredbuzzPay.Api.Modules.Ledger.Features.Reviews;
using CredbuzzPay.Api.Modules.Ledger.Features.Statements;
using CredbuzzPay.Api.Modules.Ledger.Features.Transactions;
using CredbuzzPay.Api.Modules.Ledger.Features.VerifyLedger;
using CredbuzzPay.Api.Modules.Ledger.Providers;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Ledger;

/// <summary>The books (double-entry, guarded balances, holds, idempotency) and seed 001's accounts and transactions on them.</summary>
public static class LedgerModule
{
    public static IServiceCollection AddLedgerModule(this IServiceCollection services)
    {
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new Platform.AdminPages.AdminLink("Money", "Accounts", "/admin/accounts", Pages.AccountsModel.Rule, 10));
        services.AddSingleton(new Platform.AdminPages.AdminLink("Money", "Transactions", "/admin/transactions", Pages.TransactionsModel.Rule, 15));
        services.AddSingleton<IValidateOptions<LedgerOptions>, LedgerOptionsValidation>();
        services.AddScoped<ILedger, Journal>();
        services.AddSingleton<DailyTotals>();
        services.AddSingleton<Tariff>();
        services.AddSingleton<IdempotencyStore>();
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add(new Contracts.ConsoleIdempotencyFilter()));
        services.AddSingleton<Platform.Jobs.ICleanupTask>(sp => sp.GetRequiredService<IdempotencyStore>());
        // The sandbox is the only provider until a real adapter is added (docs/ledger.md says how).
        services.AddSingleton<SandboxProvider>();
        services.AddSingleton<IFundingProvider>(sp => sp.GetRequiredService<SandboxProvider>());
        services.AddSingleton<IPayoutProvider>(sp => sp.GetRequiredService<SandboxProvider>());
        services.AddScoped<ProviderGateway>();
        services.AddScoped<ILedgerFunding>(sp => sp.GetRequiredService<ProviderGateway>());
        services.AddScoped<OpenAccount>();
        services.AddScoped<CreateTransaction>();
        services.AddScoped<FraudReviews>();
        services.AddSingleton<Platform.Jobs.ICleanupTask, ReviewExpiry>();
        services.AddSingleton<InterestAccruals>();
        services.AddScoped<InterestPostings>();
        services.AddScoped<FixedDepositClosure>();
        services.AddScoped<DayClose>();
        // The day close job resolves its tasks from its own scope: the scoped ledger contract comes with it.
        services.AddScoped<Platform.Jobs.IDayCloseTask>(sp => sp.GetRequiredService<DayClose>());
        services.AddScoped<MakerChecker>();
        services.AddScoped<Platform.AdminPages.IDashboardPanel, Pages.MoneyMovedPanel>();
        services.AddSingleton(new Platform.AdminPages.AdminLink("Money", "Approvals", "/admin/approvals", Pages.ApprovalsModel.Rule, 20));
        services.AddScoped<StaffOperations>();
        services.AddScoped<IStaffMovements>(sp => sp.GetRequiredService<StaffOperations>());
        services.AddScoped<AccountStatusChanges>();
        services.AddSingleton<Platform.Jobs.ICleanupTask, ApprovalExpiry>();
        services.AddSingleton<LedgerVerifier>();
        services.AddSingleton<Platform.Cli.ICliCommand, VerifyLedgerCommand>();
        services.AddSingleton<Platform.Cli.ICliCommand, CloseDayCommand>();
        services.AddSingleton<Platform.Cli.IDemoSeeder, LedgerDemoSeeder>();
        services.AddScoped<Privacy.Contracts.IPersonalDataSource, LedgerPersonalData>();
        services.AddSingleton<Privacy.Contracts.IDataInventory, LedgerInventory>();
        services.AddSingleton<Privacy.Contracts.IErasureParticipant, LedgerErasure>();
        return services;
    }

    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapAccountEndpoints();
        api.MapTransactionEndpoints();
        api.MapAdminAccountEndpoints();
        api.MapAdminTransactionEndpoints();
        api.MapStatementEndpoints();
        api.MapOperationEndpoints();
        api.MapApprovalEndpoints();
        api.MapSandboxCallbacks();
        return api;
    }
}
