using CredbuzzPay.Api.Modules.Fraud.Contracts;
using CredbuzzPay.Api.Modules.Fraud.Features;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Fraud;

/// <summary>Fraud detection on customer debits (seed 001): the rules, their alerts, and each user's risk profile.</summary>
public static class FraudModule
{
    public static IServiceCollection AddFraudModule(this IServiceCollection services)
    {
        services.AddOptions<FraudOptions>().BindConfiguration(FraudOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new Platform.AdminPages.AdminLink("Money", "Fraud alerts", "/admin/fraud", Pages.FraudAlertsModel.Rule, 40));
        services.AddScoped<Platform.AdminPages.IDashboardPanel, Pages.FraudPanel>();
        services.AddSingleton<IValidateOptions<FraudOptions>, FraudOptionsValidation>();
        services.AddScoped<IFraudScreen, FraudScreen>();
        services.AddSingleton<IRiskProfiles, RiskProfiles>();
        services.AddScoped<AlertHandling>();
        return services;
    }

    public static IEndpointRouteBuilder MapFraudEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapFraudAlertEndpoints();
        return api;
    }
}

/// <summary>Every amount of the section parses.</summary>
internal sealed class FraudOptionsValidation : IValidateOptions<FraudOptions>
{
    public ValidateOptionsResult Validate(string? name, FraudOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, value) in new[]
        {
            ("Pattern:Minimum", options.Pattern.Minimum), ("NewDevice:Amount", options.NewDevice.Amount),
            ("CredentialChange:Amount", options.CredentialChange.Amount), ("RoundAmounts:Unit", options.RoundAmounts.Unit),
        })
        {
            if (Money.ParseText(value) is not > 0)
            {
                errors.Add($"Fraud:{key} must be an amount above 0 with at most two decimals (\"5000.00\").");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
