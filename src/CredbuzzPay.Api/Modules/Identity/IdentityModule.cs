using CredbuzzPay.Api.Modules.Identity.Features.CreateSuperuser;
using CredbuzzPay.Api.Modules.Identity.Features.Register;
using CredbuzzPay.Api.Modules.Identity.Features.Login;
using CredbuzzPay.Api.Modules.Identity.Features.Otp;
using CredbuzzPay.Api.Modules.Identity.Features.PasswordReset;
using CredbuzzPay.Api.Modules.Identity.Features.Sessions;
using CredbuzzPay.Api.Modules.Identity.Features.Profile;
using CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using CredbuzzPay.Api.Modules.Identity.Passwords;
using CredbuzzPay.Api.Platform.Cli;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>Users, their passwords and (with the identity issue) registration, login and sessions.</summary>
public static class IdentityModule
{
    /// <summary>The per-address rate limit on the anonymous sign-in, registration and reset endpoints.</summary>
    internal const string AuthRateLimit = "identity-auth";

    public static IServiceCollection AddIdentityModule(this IServiceCollection services)
    {
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<ICliCommand, CreateSuperuserCommand>();
        services.AddScoped<OtpService>();
        services.AddScoped<Contracts.IOneTimeCodes, OneTimeCodes>();
        services.AddSingleton<Contracts.IUserDirectory, UserDirectory>();
        services.AddSingleton<Platform.Secrets.IKeyRotation, IdentityKeyRotation>();
        services.AddScoped<Features.UserAdmin.StaffActions>();
        services.AddScoped<Features.UserAdmin.UserStanding>();
        services.AddSingleton<Platform.Cli.IDemoSeeder, IdentityDemoSeeder>();
        services.AddSingleton<Platform.Jobs.ICleanupTask, Features.UserAdmin.ExpiredBlocksCleanup>();
        services.AddSingleton<Platform.Jobs.ICleanupTask, OtpCleanup>();
        services.AddSingleton<Platform.Jobs.ICleanupTask, SessionCleanup>();
        services.AddSingleton<Platform.Jobs.ICleanupTask, LoginActivityCleanup>();
        services.AddScoped<InitiateRegistration>();
        services.AddScoped<VerifyRegistrationOtp>();
        services.AddScoped<ResendRegistrationOtp>();
        services.AddSingleton<Tokens>();
        services.AddScoped<SessionStore>();
        services.AddScoped<LoginActivityLog>();
        services.AddScoped<AccountLockout>();
        services.AddScoped<PasswordLogin>();
        services.AddScoped<ClientOtpLogin>();
        services.AddScoped<CompleteLogin>();
        services.AddScoped<RefreshSession>();
        services.AddScoped<PasswordChanges>();
        services.AddScoped<ForgotPassword>();
        services.AddScoped<ResetPassword>();
        services.AddScoped<ChangePassword>();
        services.AddScoped<Features.Profile.UpdateProfile>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<IdentityOptions>>((limits, identity) =>
            limits.AddPolicy(AuthRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                Platform.Http.ClientAddresses.PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = identity.Value.AuthPermitsPerMinutePerIp, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure(bearer =>
            {
                bearer.Events ??= new JwtBearerEvents();
                bearer.Events.OnTokenValidated = SessionCheck.OnTokenValidatedAsync;
            });
        // The admin console: its sign-in and session, the user pages and the dashboard's identity charts.
        Pages.ConsoleSessions.AddConsoleSessions(services);
        services.AddSingleton(new Platform.AdminPages.AdminLink("People", "Users", "/admin/users", Pages.UsersModel.Rule, 10));
        services.AddSingleton(new Platform.AdminPages.AdminLink("Oversight", "Login activity", "/admin/login-activity", Pages.LoginActivityModel.Rule, 20));
        services.AddScoped<Platform.AdminPages.IDashboardPanel, Pages.RegistrationsPanel>();
        services.AddScoped<Platform.AdminPages.IDashboardPanel, Pages.SignInsPanel>();
        services.AddScoped<Privacy.Contracts.IPersonalDataSource, IdentityPersonalData>();
        services.AddSingleton<Privacy.Contracts.IDataInventory, IdentityInventory>();
        services.AddSingleton<Privacy.Contracts.IErasureParticipant, IdentityErasure>();
        return services;
    }

    /// <summary>Maps the module's endpoints under the host's API prefix.</summary>
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapRegisterEndpoints();
        api.MapLoginEndpoints();
        api.MapProfileEndpoints();
        api.MapPasswordEndpoints();
        api.MapSessionEndpoints();
        api.MapOtpEndpoints();
        api.MapUserAdminEndpoints();
        api.MapActivationEndpoints();
        api.MapBlockEndpoints();
        api.MapRoleEndpoints();
        api.MapPlatformAccessEndpoints();
        api.MapNetworkEndpoints();
        api.MapLoginActivityReports();
        return api;
    }
}
