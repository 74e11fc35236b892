using CredbuzzPay.Api.Modules.Audit;
using CredbuzzPay.Api.Modules.Identity;
using CredbuzzPay.Api.Platform;
using CredbuzzPay.Api.Platform.Cli;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();
builder.Services
    .AddAuditModule()
    .AddIdentityModule();

var app = builder.Build();

if (CommandRunner.IsCommand(args))
{
    return await CommandRunner.RunAsync(app.Services, args);
}

app.UsePlatform();
var api = app.MapGroup("/api/v1");

await app.RunAsync();
return 0;

/// <summary>The host; public so the tests can start it.</summary>
public partial class Program;
