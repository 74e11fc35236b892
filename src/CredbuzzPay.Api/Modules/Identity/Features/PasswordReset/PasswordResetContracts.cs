using CredbuzzPay.Api.Modules.Identity.Passwords;
using FluentValidation;

namespace CredbuzzPay.Api.Modules.Identity.Features.PasswordReset;

public sealed record ForgotPasswordRequest(string? EmailOrMobile);

public sealed record ForgotPasswordResponse(Guid RequestId, bool OtpSent, string Message);

public sealed record ResetPasswordRequest(Guid? RequestId, string? Otp, string? NewPassword, string? ConfirmPassword);

public sealed record ChangePasswordRequest(string? OldPassword, string? NewPassword, string? ConfirmPassword);

internal sealed class ForgotPasswordValidator : AbstractValidator<ForgotPasswordRequest>
{
    public ForgotPasswordValidator() =>
        RuleFor(r => r.EmailOrMobile).NotEmpty().WithMessage("Enter your email or mobile number.").MaximumLength(254);
}

internal sealed class ResetPasswordValidator : AbstractValidator<ResetPasswordRequest>
{
    public ResetPasswordValidator()
    {
        RuleFor(r => r.RequestId).NotEmpty().WithMessage("The request_id from forgot_password is required.");
        RuleFor(r => r.Otp).NotEmpty().WithMessage("Enter the 6-digit code.").Matches("^[0-9]{6}$").WithMessage("Enter the 6-digit code.");
        RuleFor(r => r.NewPassword).Custom((password, context) =>
        {
            foreach (var problem in PasswordPolicy.Check(password))
            {
                context.AddFailure(nameof(ResetPasswordRequest.NewPassword), problem);
            }
        });
        RuleFor(r => r.ConfirmPassword).Equal(r => r.NewPassword).When(r => r.ConfirmPassword is not null).WithMessage("The passwords do not match.");
    }
}

internal sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordRequest>
{
    public ChangePasswordValidator()
    {
        RuleFor(r => r.OldPassword).NotEmpty().WithMessage("Enter your current password.").MaximumLength(1024);
        RuleFor(r => r.NewPassword).Custom((password, context) =>
        {
            foreach (var problem in PasswordPolicy.Check(password))
            {
                context.AddFailure(nameof(ChangePasswordRequest.NewPassword), problem);
            }
        });
        RuleFor(r => r.NewPassword).NotEqual(r => r.OldPassword).WithMessage("Choose a password different from the current one.");
        RuleFor(r => r.ConfirmPassword).Equal(r => r.NewPassword).When(r => r.ConfirmPassword is not null).WithMessage("The passwords do not match.");
    }
}
