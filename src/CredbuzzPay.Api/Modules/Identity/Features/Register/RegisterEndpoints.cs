using CredbuzzPay.Api.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.Register;

internal static class RegisterEndpoints
{
    public static void MapRegisterEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/auth/register").WithTags("Registration").AllowAnonymous().RequireRateLimiting(IdentityModule.AuthRateLimit);
        group.MapPost("/initiate", InitiateAsync).Validate<InitiateRegistrationRequest>()
            .WithSummary("Start a registration: sends one code to the email and another to the mobile.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/verify_otp", VerifyAsync).Validate<VerifyRegistrationOtpRequest>()
            .WithSummary("Verify the email or mobile code; the user is created when both are verified.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/resend_otp", ResendAsync).Validate<ResendRegistrationOtpRequest>()
            .WithSummary("Send a new code for one channel (after the cooldown, within the daily cap).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<Created<InitiateRegistrationResponse>> InitiateAsync(InitiateRegistrationRequest request, InitiateRegistration handler, HttpContext http,
        Platform.Database.AppDb db, Privacy.Contracts.IPrivacyNotices notices, CancellationToken cancellationToken)
    {
        if (request.NoticeVersion is { } version && version != await notices.CurrentVersionAsync(db, cancellationToken))
        {
            throw Platform.Errors.ApiProblemException.Validation("notice_version", "Accept the privacy notice in force (privacy/notice gives its version).");
        }
        return TypedResults.Created((string?)null, await handler.HandleAsync(request, http, cancellationToken));
    }

    private static async Task<Ok<VerifyRegistrationOtpResponse>> VerifyAsync(VerifyRegistrationOtpRequest request, VerifyRegistrationOtp handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(request, cancellationToken));

    private static async Task<Ok<OtpSentResponse>> ResendAsync(ResendRegistrationOtpRequest request, ResendRegistrationOtp handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(request, cancellationToken));
}
