using CredbuzzPay.Api.Modules.Identity.Sessions;
using FluentValidation;

namespace CredbuzzPay.Api.Modules.Identity.Features.Login;

public sealed record DeviceInfo(string? Browser, string? Os, string? Device);

public sealed record LoginRequest(string? EmailOrMobile, string? Password, DeviceInfo? DeviceInfo, string? Platform);

public sealed record LoginResponse(Guid RequestId, bool OtpSent, string Message);

public sealed record VerifyLoginOtpRequest(Guid? RequestId, string? Otp);

/// <summary>The signed-in user; <c>id</c> is the public user code (seed 003 shows an id, seed 004 calls it the user_id).</summary>
public sealed record SignedInUser(string Id, string UserCode, string Email, string Mobile, string FirstName, string LastName, string Role, string KycStatus);

/// <summary>The tokens; <see cref="NoticeAcceptanceRequired"/> asks the client to show the privacy notice in force and accept it (privacy/consents/accept_notice).</summary>
public sealed record TokensResponse(string Access, string Refresh, SignedInUser User, bool NoticeAcceptanceRequired = false);

public sealed record RefreshRequest(string? Refresh);

public sealed record RefreshResponse(string Access, string Refresh);

public sealed record LogoutRequest(string? Refresh);

public sealed record MessageResponse(string Message);

internal sealed class LoginValidator : AbstractValidator<LoginRequest>
{
    public LoginValidator()
    {
        RuleFor(r => r.EmailOrMobile).NotEmpty().WithMessage("Enter your email or mobile number.").MaximumLength(254);
        RuleFor(r => r.Password).NotEmpty().WithMessage("Enter your password.").MaximumLength(1024);
        RuleFor(r => r.Platform).Must(p => p is null || Platforms.All.Contains(p)).WithMessage("Platform must be web, mobile_app, admin_panel or api.");
    }
}

internal sealed class VerifyLoginOtpValidator : AbstractValidator<VerifyLoginOtpRequest>
{
    public VerifyLoginOtpValidator()
    {
        RuleFor(r => r.RequestId).NotEmpty().WithMessage("The request_id from login is required.");
        RuleFor(r => r.Otp).NotEmpty().WithMessage("Enter the 6-digit code.").Matches("^[0-9]{6}$").WithMessage("Enter the 6-digit code.");
    }
}

internal sealed class RefreshValidator : AbstractValidator<RefreshRequest>
{
    public RefreshValidator() => RuleFor(r => r.Refresh).NotEmpty().WithMessage("The refresh token is required.").MaximumLength(200);
}
