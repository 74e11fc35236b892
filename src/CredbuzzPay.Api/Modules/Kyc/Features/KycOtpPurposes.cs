using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Kyc.Features;

/// <summary>
/// The KYC codes through the standalone OTP endpoints (seed 003 #44 shows <c>purpose: kyc_aadhaar</c>):
/// the request id is the one the section's submission answered; the work is the section's own
/// (<see cref="VerifySection"/>). A signed-in caller finds only their own submission.
/// </summary>
internal sealed class KycOtpPurposes : IOtpPurposeHandler
{
    private readonly VerifySection _verify;
    private readonly IUserDirectory _users;

    public KycOtpPurposes(VerifySection verify, IUserDirectory users)
    {
        _verify = verify;
        _users = users;
    }

    public IReadOnlyList<string> Purposes { get; } = [OtpPurposes.KycAadhaar, OtpPurposes.KycContact];

    public async Task<string> VerifyAsync(AppDb db, Guid requestId, string purpose, string? channel, string otp, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var owner = await OwnerAsync(db, requestId, purpose, caller, cancellationToken);
        return purpose == OtpPurposes.KycAadhaar
            ? (await _verify.AadhaarOtpAsync(owner, new KycOtpRequest(otp, requestId), cancellationToken)).Message
            : (await _verify.ContactAsync(owner, new ContactOtpRequest(Channel(channel), otp), cancellationToken)).Message;
    }

    public async Task<string> ResendAsync(AppDb db, Guid requestId, string purpose, string? channel, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var owner = await OwnerAsync(db, requestId, purpose, caller, cancellationToken);
        return purpose == OtpPurposes.KycAadhaar
            ? (await _verify.ResendAadhaarOtpAsync(owner, cancellationToken)).Message
            : (await _verify.ResendContactAsync(owner, new ContactResendRequest(Channel(channel)), cancellationToken)).Message;
    }

    private static string Channel(string? channel) =>
        channel is "phone" or "email" ? channel : throw ApiProblemException.Validation("channel", "A business contact code is for the phone or the email: say which.");

    private async Task<UserSummary> OwnerAsync(AppDb db, Guid requestId, string purpose, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var section = purpose == OtpPurposes.KycAadhaar ? KycSections.Aadhaar : KycSections.Business;
        var userId = await db.GetTable<KycSubmission>()
            .Where(s => s.OtpRequestId == requestId && s.Section == section && s.DeletedAt == null)
            .Select(s => (Guid?)s.UserId)
            .FirstOrDefaultAsync(cancellationToken);
        var owner = userId is { } id ? await _users.FindAsync(db, id, cancellationToken) : null;
        if (owner is null || (caller.Identity?.IsAuthenticated == true && caller.Identity.Name != owner.UserCode))
        {
            throw ApiProblemException.NotFound("No verification is pending for this request.");
        }
        return owner;
    }
}
