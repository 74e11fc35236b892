using CredbuzzPay.Api.Modules.Identity.Passwords;
using FluentValidation;

namespace CredbuzzPay.Api.Modules.Identity.Features.Register;

public sealed record InitiateRegistrationRequest(string? FirstName, string? LastName, string? Email, string? Mobile, string? Password, string? ConfirmPassword);

public sealed record InitiateRegistrationResponse(Guid RequestId, bool OtpSent, string Message);

public sealed record VerifyRegistrationOtpRequest(Guid? RequestId, string? Otp, string? Channel);

public sealed record VerifyRegistrationOtpResponse(bool EmailVerified, bool MobileVerified, bool UserCreated, string? UserCode, string Message);

public sealed record ResendRegistrationOtpRequest(Guid? RequestId, string? Channel);

public sealed record OtpSentResponse(bool OtpSent, string Message);

/// <summary>The two channels a registration verifies; the API says <c>mobile</c>, the outbox <c>sms</c>.</summary>
internal static class RegistrationChannels
{
    public const string Email = "email";
    public const string Mobile = "mobile";

    public static bool IsKnown(string? channel) => channel is Email or Mobile;

    public static string ToOutbox(string channel) => channel == Email ? Platform.Notifications.Channels.Email : Platform.Notifications.Channels.Sms;
}

internal sealed class InitiateRegistrationValidator : AbstractValidator<InitiateRegistrationRequest>
{
    public InitiateRegistrationValidator()
    {
        RuleFor(r => r.FirstName).NotEmpty().WithMessage("Enter your first name.").MaximumLength(100);
        RuleFor(r => r.LastName).NotEmpty().WithMessage("Enter your last name.").MaximumLength(100);
        RuleFor(r => r.Email).Must(e => ContactFormats.IsEmail(e?.Trim())).WithMessage("Enter a valid email address.");
        RuleFor(r => r.Mobile).Must(m => ContactFormats.TryNormalizeMobile(m, out _))
            .WithMessage("Enter a 10-digit Indian mobile number starting with 6-9 (optionally +91).");
        RuleFor(r => r.Password).Custom((password, context) =>
        {
            var request = context.InstanceToValidate;
            ContactFormats.TryNormalizeMobile(request.Mobile, out var mobile);
            foreach (var problem in PasswordPolicy.Check(password, request.Email, mobile))
            {
                context.AddFailure(nameof(InitiateRegistrationRequest.Password), problem);
            }
        });
        RuleFor(r => r.ConfirmPassword).Equal(r => r.Password).WithMessage("The passwords do not match.");
    }
}

internal sealed class VerifyRegistrationOtpValidator : AbstractValidator<VerifyRegistrationOtpRequest>
{
    public VerifyRegistrationOtpValidator()
    {
        RuleFor(r => r.RequestId).NotEmpty().WithMessage("The request_id from initiate is required.");
        RuleFor(r => r.Otp).Matches("^[0-9]{6}$").WithMessage("Enter the 6-digit code.").NotEmpty().WithMessage("Enter the 6-digit code.");
        RuleFor(r => r.Channel).Must(RegistrationChannels.IsKnown).WithMessage("Channel must be email or mobile.");
    }
}

internal sealed class ResendRegistrationOtpValidator : AbstractValidator<ResendRegistrationOtpRequest>
{
    public ResendRegistrationOtpValidator()
    {
        RuleFor(r => r.RequestId).NotEmpty().WithMessage("The request_id from initiate is required.");
        RuleFor(r => r.Channel).Must(RegistrationChannels.IsKnown).WithMessage("Channel must be email or mobile.");
    }
}
