using System.Globalization;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using FluentValidation;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>Reads and checks multipart KYC forms; every refusal is a problem+json 4xx with the field named.</summary>
internal static class KycForm
{
    /// <summary>
    /// Declares a multipart endpoint: its form is bound by the framework (a malformed body is a 400, any
    /// other content type a 415), its body may be <paramref name="bytes"/> long, and no antiforgery token
    /// is asked for (bearer tokens, no cookies: a browser cannot forge these requests).
    /// </summary>
    public static RouteHandlerBuilder AsForm(this RouteHandlerBuilder builder, long bytes) =>
        builder.AllowBodySize(bytes).DisableAntiforgery();

    /// <summary>Runs the request's validator; throws 400 with every field error.</summary>
    public static void Check<T>(IServiceProvider services, T request)
    {
        var result = services.GetRequiredService<IValidator<T>>().Validate(request);
        if (!result.IsValid)
        {
            throw ApiProblemException.Invalid(result.Errors);
        }
    }

    /// <summary>The signed-in caller as the identity module knows them (404 if they are gone).</summary>
    public static async Task<UserSummary> CallerAsync(System.Security.Claims.ClaimsPrincipal principal, IUserDirectory users, AppDb db, CancellationToken cancellationToken) =>
        await users.FindByCodeAsync(db, principal.Identity?.Name ?? "", cancellationToken) ?? throw ApiProblemException.NotFound();

    public static bool IsDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static DateOnly Date(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Shared FluentValidation rules of the KYC forms.</summary>
internal static class KycRules
{
    public static IRuleBuilderOptions<T, string?> PersonName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("The name is required.")
            .MaximumLength(100).WithMessage("At most 100 characters.")
            .Matches(@"^[\p{L} .'-]+$").WithMessage("Use letters, spaces, dots, apostrophes and hyphens only.");

    /// <summary>A date of birth (yyyy-MM-dd) of someone at least 18 and at most 120 years old.</summary>
    public static IRuleBuilderOptions<T, string?> Adult<T>(this IRuleBuilder<T, string?> rule, TimeProvider clock) =>
        rule.Must(KycForm.IsDate).WithMessage("Give the date as yyyy-MM-dd.")
            .Must(d =>
            {
                if (!KycForm.IsDate(d))
                {
                    return true;
                }
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                var born = KycForm.Date(d!);
                return born <= today.AddYears(-18) && born >= today.AddYears(-120);
            }).WithMessage("The holder must be at least 18 years old.");

    public static IRuleBuilderOptions<T, string?> PastDate<T>(this IRuleBuilder<T, string?> rule, TimeProvider clock) =>
        rule.Must(KycForm.IsDate).WithMessage("Give the date as yyyy-MM-dd.")
            .Must(d => !KycForm.IsDate(d) || KycForm.Date(d!) <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .WithMessage("The date cannot be in the future.");
}
