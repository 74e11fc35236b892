using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Features.Register;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Notifications;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.Otp;

/// <summary>Seed 003 #44: a code and what it is for; the channel (or the email/mobile, for a registration) when the request has several.</summary>
public sealed record VerifyOtpRequest(Guid? RequestId, string? Otp, string? Purpose, string? Channel, string? Email = null, string? Mobile = null);

public sealed record VerifyOtpResponse(bool Verified, string Message);

public sealed record ResendOtpRequest(Guid? RequestId, string? Channel);

internal sealed class VerifyOtpValidator : AbstractValidator<VerifyOtpRequest>
{
    public VerifyOtpValidator()
    {
        RuleFor(r => r.RequestId).NotEmpty().WithMessage("The request_id is required.");
        RuleFor(r => r.Otp).NotEmpty().WithMessage("Enter the 6-digit code.").Matches("^[0-9]{6}$").WithMessage("Enter the 6-digit code.");
        RuleFor(r => r.Purpose).Must(p => p is null or OtpPurposes.Registration or OtpPurposes.KycAadhaar or OtpPurposes.KycContact).WithMessage(
            "Purpose must be registration, kyc_aadhaar or kyc_contact here; sign-in codes go to auth/verify_login_otp and reset codes to auth/reset_password " +
            "(verifying them alone would spend them).");
    }
}

internal sealed class ResendOtpValidator : AbstractValidator<ResendOtpRequest>
{
    public ResendOtpValidator() => RuleFor(r => r.RequestId).NotEmpty().WithMessage("The request_id is required.");
}

/// <summary>
/// Seed 003 #44 and #45 over the same OTP service. Verification serves registration codes and the
/// purposes other modules register (<see cref="IOtpPurposeHandler"/>: the KYC Aadhaar and business
/// contact codes); sign-in and reset codes have endpoints that do more than verify. Resending serves
/// every pending request: a registration (one channel, or every open one), a sign-in, a reset, or a
/// module's purpose.
/// </summary>
internal static class OtpEndpoints
{
    public static void MapOtpEndpoints(this IEndpointRouteBuilder api)
    {
        var otp = api.MapGroup("/otp").WithTags("OTP").AllowAnonymous().RequireRateLimiting(IdentityModule.AuthRateLimit);
        otp.MapPost("/verify_otp", VerifyAsync).Validate<VerifyOtpRequest>()
            .WithSummary("Verify a registration code (as auth/register/verify_otp) or a KYC code (purpose kyc_aadhaar, or kyc_contact with channel phone|email).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        otp.MapPost("/resend_otp", ResendAsync).Validate<ResendOtpRequest>().WithSummary("Send a new code for a pending registration, sign-in, password reset or KYC check.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<Ok<VerifyOtpResponse>> VerifyAsync(VerifyOtpRequest request, VerifyRegistrationOtp registration, AppDb db, IEnumerable<IOtpPurposeHandler> handlers,
        System.Security.Claims.ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var purpose = request.Purpose ?? OtpPurposes.Registration;
        if (purpose == OtpPurposes.Registration)
        {
            var result = await registration.HandleAsync(new VerifyRegistrationOtpRequest(request.RequestId, request.Otp, request.Channel, request.Email, request.Mobile), cancellationToken);
            return TypedResults.Ok(new VerifyOtpResponse(true, result.Message));
        }
        var handler = handlers.FirstOrDefault(h => h.Purposes.Contains(purpose)) ?? throw ApiProblemException.NotFound("No code is pending for this request.");
        return TypedResults.Ok(new VerifyOtpResponse(true, await handler.VerifyAsync(db, request.RequestId!.Value, purpose, request.Channel, request.Otp!, caller, cancellationToken)));
    }

    private static async Task<Ok<OtpSentResponse>> ResendAsync(ResendOtpRequest request, AppDb db, OtpService otp, ResendRegistrationOtp registration,
        IEnumerable<IOtpPurposeHandler> handlers, System.Security.Claims.ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var requestId = request.RequestId!.Value;
        var challenge = await db.GetTable<OtpChallenge>()
            .Where(c => c.RequestId == requestId)
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => new { c.Purpose, c.Channel, c.UserId })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw ApiProblemException.NotFound("No code is pending for this request.");
        if (challenge.Purpose == OtpPurposes.Registration)
        {
            if (request.Channel is not null && !RegistrationChannels.IsKnown(request.Channel))
            {
                throw ApiProblemException.Validation("channel", "Channel must be email or mobile.");
            }
            return TypedResults.Ok(await registration.HandleAsync(new ResendRegistrationOtpRequest(requestId, request.Channel), cancellationToken));
        }
        if (handlers.FirstOrDefault(h => h.Purposes.Contains(challenge.Purpose)) is { } handler)
        {
            return TypedResults.Ok(new OtpSentResponse(true, await handler.ResendAsync(db, requestId, challenge.Purpose, request.Channel, caller, cancellationToken)));
        }
        if (challenge.Purpose is not (OtpPurposes.Login or OtpPurposes.PasswordReset) || challenge.UserId is null)
        {
            throw ApiProblemException.NotFound("No code is pending for this request.");
        }
        var user = await db.GetTable<UserAccount>().FirstOrDefaultAsync(u => u.Id == challenge.UserId && u.DeletedAt == null, cancellationToken)
            ?? throw ApiProblemException.NotFound("No code is pending for this request.");
        var destination = challenge.Channel == Channels.Email ? user.Email : user.Mobile;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await otp.ResendAsync(db, requestId, challenge.Purpose, challenge.Channel, destination, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new OtpSentResponse(true, "OTP resent"));
    }
}
