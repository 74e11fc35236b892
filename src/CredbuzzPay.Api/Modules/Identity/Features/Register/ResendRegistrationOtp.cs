using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Identity.Features.Register;

/// <summary><c>POST auth/register/resend_otp</c>: a new code for one channel, after the cooldown and within the daily cap.</summary>
internal sealed class ResendRegistrationOtp
{
    private readonly AppDb _db;
    private readonly OtpService _otp;
    private readonly TimeProvider _clock;

    public ResendRegistrationOtp(AppDb db, OtpService otp, TimeProvider clock)
    {
        _db = db;
        _otp = otp;
        _clock = clock;
    }

    public async Task<OtpSentResponse> HandleAsync(ResendRegistrationOtpRequest request, CancellationToken cancellationToken)
    {
        var pending = await PendingRegistrations.FindOpenAsync(_db, request.RequestId!.Value, _clock, cancellationToken);
        var open = new[] { (RegistrationChannels.Email, pending.EmailVerifiedAt), (RegistrationChannels.Mobile, pending.MobileVerifiedAt) }
            .Where(c => c.Item2 is null && pending.UserCode is null && (request.Channel is null || request.Channel == c.Item1))
            .Select(c => c.Item1)
            .ToList();
        if (open.Count == 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict",
                request.Channel is null ? "Both channels are already verified." : $"The {request.Channel} is already verified.");
        }
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        foreach (var channel in open)
        {
            var destination = channel == RegistrationChannels.Email ? pending.Email : pending.Mobile;
            await _otp.ResendAsync(_db, pending.RequestId, OtpPurposes.Registration, RegistrationChannels.ToOutbox(channel), destination, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new OtpSentResponse(true, $"OTP resent to your {string.Join(" and ", open)}");
    }
}
