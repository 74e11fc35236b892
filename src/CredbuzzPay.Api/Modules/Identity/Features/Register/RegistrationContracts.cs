using CredbuzzPay.Api.Modules.Identity.Passwords;
using FluentValidation;

namespace CredbuzzPay.Api.Modules.Identity.Features.Register;

/// <summary>Seed 003's registration; <c>notice_version</c> (the privacy notice shown, privacy/notice) and <c>marketing_consent</c> record consent with the account.</summary>
public sealed record InitiateRegistrationRequest(string? FirstName, string? LastName, string? Email, string? Mobile, string? Password, string? ConfirmPassword,
    int? NoticeVersion = null, bool? MarketingConsent = null);

public sealed record InitiateRegistrationResponse(Guid RequestId, bool OtpSent, string Message);

/// <summary>
/// One code of a registration. <c>channel</c> (email or mobile) says whose code it is; seed 003's client
/// sends the <c>email</c> (or <c>mobile</c>) instead, which must be the registration's. With neither, the
/// code is checked against each channel still open (email first).
/// </summary>
public sealed record VerifyRegistrationOtpRequest(Guid? RequestId, string? Otp, string? Channel, string? Email = null, string? Mobile = null);

public sealed record VerifyRegistrationOtpResponse(bool EmailVerified, bool MobileVerified, bool UserCreated, string? UserCode, string Message);

/// <summary>A new code for one channel, or (no channel, as seed 003's client asks) for each channel not yet verified.</summary>
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
        // Names may follow later (update_profile): seed 003's client registers with email, mobile and password only.
        RuleFor(r => r.FirstName).MaximumLength(100).WithMessage("At most 100 characters.");
        RuleFor(r => r.NoticeVersion).NotNull().When(r => r.MarketingConsent is not null)
            .WithMessage("Marketing consent is given with the privacy notice it was read in: send notice_version too.");
        RuleFor(r => r.LastName).MaximumLength(100).WithMessage("At most 100 characters.");
        RuleFor(r => r.Email).NotEmpty().WithMessage("Enter a valid email address.")
            .Must(e => ContactFormats.IsEmail(e?.Trim())).WithMessage("Enter a valid email address.");
        RuleFor(r => r.Mobile).NotEmpty().WithMessage("Enter a 10-digit Indian mobile number starting with 6-9 (optionally +91).")
            .Must(m => ContactFormats.TryNormalizeMobile(m, out _))
            .WithMessage("Enter a 10-digit Indian mobile number starting with 6-9 (optionally +91).");
        RuleFor(r => r.Password).NotEmpty().WithMessage("Choose a password.");
        RuleFor(r => r.Password).Custom((password, context) =>
        {
            var request = context.InstanceToValidate;
            ContactFormats.TryNormalizeMobile(request.Mobile, out var mobile);
            foreach (var problem in PasswordPolicy.Check(password, request.Email, mobile))
            {
                context.AddFailure(nameof(InitiateRegistrationRequest.Password), problem);
            }
        });
        RuleFor(r => r.ConfirmPassword).Equal(r => r.Password).When(r => r.ConfirmPassword is not null).WithMessage("The passwords do not match.");
    }
}

internal sealed class VerifyRegistrationOtpValidator : AbstractValidator<VerifyRegistrationOtpRequest>
{
    public VerifyRegistrationOtpValidator()
    {
        RuleFor(r => r.RequestId).NotEmpty().WithMessage("The request_id from initiate is required.");
        RuleFor(r => r.Otp).Matches("^[0-9]{6}$").WithMessage("Enter the 6-digit code.").NotEmpty().WithMessage("Enter the 6-digit code.");
        RuleFor(r => r.Channel).Must(c => c is null || RegistrationChannels.IsKnown(c)).WithMessage("Channel must be email or mobile.");
        RuleFor(r => r).Must(r => r.Email is null || r.Mobile is null).OverridePropertyName("email").WithMessage("Give the email or the mobile, not both.");
    }
}

internal sealed class ResendRegistrationOtpValidator : AbstractValidator<ResendRegistrationOtpRequest>
{
    public ResendRegistrationOtpValidator()
    {
        RuleFor(r => r.RequestId).NotEmpty().WithMessage("The request_id from initiate is required.");
        RuleFor(r => r.Channel).Must(c => c is null || RegistrationChannels.IsKnown(c)).WithMessage("Channel must be email or mobile.");
    }
}
