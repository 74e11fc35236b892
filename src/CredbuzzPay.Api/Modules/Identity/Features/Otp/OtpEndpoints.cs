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

public sealed record VerifyOtpRequest(Guid? RequestId, string? Otp, string? Purpose, string? Channel);

public sealed record VerifyOtpResponse(bool Verified, string Message);

public sealed record ResendOtpRequest(Guid? RequestId, string? Channel);

internal sealed class VerifyOtpValidator : AbstractValidator<VerifyOtpRequest>
{
    public VerifyOtpValidator()
    {
        RuleFor(r => r.RequestId).NotEmpty().WithMessage("The request_id is required.");
        RuleFor(r => r.Otp).NotEmpty().WithMessage("Enter the 6-digit code.").Matches("^[0-9]{6}$").WithMessage("Enter the 6-digit code.");
        RuleFor(r => r.Purpose).Must(p => p is OtpPurposes.Registration).WithMessage(
            "Purpose must be registration here; sign-in codes go to auth/verify_login_otp, reset codes to auth/reset_password, " +
            "Aadhaar codes to kyc/aadhaar/verify_otp and business contact codes to kyc/business/verify_contact.");
        RuleFor(r => r.Channel).Must(RegistrationChannels.IsKnown).WithMessage("Channel must be email or mobile.");
    }
}

internal sealed class ResendOtpValidator : AbstractValidator<ResendOtpRequest>
{
    public ResendOtpValidator()
    {
        RuleFor(r => r.RequestId).NotEmpty().WithMessage("The request_id is required.");
        RuleFor(r => r.Channel).Must(c => c is null || RegistrationChannels.IsKnown(c)).WithMessage("Channel must be email or mobile.");
    }
}

/// <summary>
/// Seed 003 #44 and #45 over the same OTP service. Verification here serves registration codes (the
/// other purposes have endpoints that do more than verify); resending serves every pending request:
/// a registration (by channel), a sign-in (to the verified mobile) or a password reset (where it went).
/// </summary>
internal static class OtpEndpoints
{
    public static void MapOtpEndpoints(this IEndpointRouteBuilder api)
    {
        var otp = api.MapGroup("/otp").WithTags("OTP").AllowAnonymous().RequireRateLimiting(IdentityModule.AuthRateLimit);
        otp.MapPost("/verify_otp", VerifyAsync).Validate<VerifyOtpRequest>().WithSummary("Verify a registration code (same rules as auth/register/verify_otp).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        otp.MapPost("/resend_otp", ResendAsync).Validate<ResendOtpRequest>().WithSummary("Send a new code for a pending registration, sign-in or password reset.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<Ok<VerifyOtpResponse>> VerifyAsync(VerifyOtpRequest request, VerifyRegistrationOtp registration, CancellationToken cancellationToken)
    {
        var result = await registration.HandleAsync(new VerifyRegistrationOtpRequest(request.RequestId, request.Otp, request.Channel), cancellationToken);
        return TypedResults.Ok(new VerifyOtpResponse(true, result.Message));
    }

    private static async Task<Ok<OtpSentResponse>> ResendAsync(ResendOtpRequest request, AppDb db, OtpService otp, ResendRegistrationOtp registration, CancellationToken cancellationToken)
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
            if (request.Channel is null)
            {
                throw ApiProblemException.Validation("channel", "A registration has two codes: say email or mobile.");
            }
            return TypedResults.Ok(await registration.HandleAsync(new ResendRegistrationOtpRequest(requestId, request.Channel), cancellationToken));
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
