using CredbuzzPay.Api.Modules.Identity.Features.CreateSuperuser;
using CredbuzzPay.Api.Modules.Identity.Features.Register;
using CredbuzzPay.Api.Modules.Identity.Features.Login;
using CredbuzzPay.Api.Modules.Identity.Features.Profile;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using CredbuzzPay.Api.Modules.Identity.Passwords;
using CredbuzzPay.Api.Platform.Cli;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>Users, their passwords and (with the identity issue) registration, login and sessions.</summary>
public static class IdentityModule
{
    public static IServiceCollection AddIdentityModule(this IServiceCollection services)
    {
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<ICliCommand, CreateSuperuserCommand>();
        services.AddScoped<OtpService>();
        services.AddSingleton<Platform.Jobs.ICleanupTask, OtpCleanup>();
        services.AddScoped<InitiateRegistration>();
        services.AddScoped<VerifyRegistrationOtp>();
        services.AddScoped<ResendRegistrationOtp>();
        services.AddSingleton<Tokens>();
        services.AddScoped<SessionStore>();
        services.AddScoped<LoginActivityLog>();
        services.AddScoped<AccountLockout>();
        services.AddScoped<PasswordLogin>();
        services.AddScoped<CompleteLogin>();
        services.AddScoped<RefreshSession>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure(bearer => bearer.Events = new JwtBearerEvents { OnTokenValidated = SessionCheck.OnTokenValidatedAsync });
        return services;
    }

    /// <summary>Maps the module's endpoints under the host's API prefix.</summary>
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapRegisterEndpoints();
        api.MapLoginEndpoints();
        api.MapProfileEndpoints();
        return api;
    }
}
