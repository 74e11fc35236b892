using CredbuzzPay.Api.Modules.Identity.Features.CreateSuperuser;
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
        return services;
    }
}
