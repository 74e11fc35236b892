using CredbuzzPay.Api.Modules.Access;
using CredbuzzPay.Api.Modules.Audit;
using CredbuzzPay.Api.Modules.BillPay;
using CredbuzzPay.Api.Modules.Fraud;
using CredbuzzPay.Api.Modules.Identity;
using CredbuzzPay.Api.Modules.Kyc;
using CredbuzzPay.Api.Modules.Ledger;
using CredbuzzPay.Api.Modules.Loans;
using CredbuzzPay.Api.Modules.Monitoring;
using CredbuzzPay.Api.Modules.Privacy;
using CredbuzzPay.Api.Modules.Recharge;
using CredbuzzPay.Api.Modules.Security;
using CredbuzzPay.Api.Modules.Wallets;
using CredbuzzPay.Api.Platform;
using CredbuzzPay.Api.Platform.Cli;
using Microsoft.Extensions.Options;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddPlatform();
    builder.Services
        .AddAuditModule()
        .AddIdentityModule()
        .AddAccessModule()
        .AddKycModule()
        .AddLedgerModule()
        .AddFraudModule()
        .AddWalletsModule()
        .AddRechargeModule()
        .AddBillPayModule()
        .AddLoansModule()
        .AddPrivacyModule()
        .AddSecurityModule()
        .AddMonitoringModule();

    var app = builder.Build();
    if (CommandRunner.IsCommand(args))
    {
        return await CommandRunner.RunAsync(app.Services, args);
    }

    // Every setting is checked now, before anything listens: a bad one stops the start with one line each.
    app.Services.GetService<IStartupValidator>()?.Validate();
    app.UsePlatform();
    app.MapGroup("/api/v1").AddEndpointFilterFactory(CredbuzzPay.Api.Platform.Http.SafeTextFilter.Factory)
        .MapAuditEndpoints()
        .MapIdentityEndpoints()
        .MapAccessEndpoints()
        .MapKycEndpoints()
        .MapLedgerEndpoints()
        .MapFraudEndpoints()
        .MapWalletsEndpoints()
        .MapRechargeEndpoints()
        .MapBillPayEndpoints()
        .MapLoansEndpoints()
        .MapPrivacyEndpoints()
        .MapMonitoringEndpoints()
        .MapSecurityEndpoints();

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartFailure.IsStartFailure(ex))
{
    // A missing key, a wrong provider, a bad setting, an address in use: one clear line instead of a stack trace
    // (the details, redacted, are in app.log).
    await Console.Error.WriteLineAsync("CredbuzzPay could not start: " + StartFailure.Describe(ex));
    return 1;
}

/// <summary>The host; public so the tests can start it.</summary>
public partial class Program;
