using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using CredbuzzPay.Api.Platform.Notifications;
using LinqToDB;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;

/// <summary>A new activation code went out: the request id auth/reset_password takes with it.</summary>
public sealed record ActivationSentResponse(string UserCode, Guid ActivationRequestId, string Message);

/// <summary>
/// Sends a user who has never signed in a new activation code (the one sent at creation expired or was lost):
/// a password-reset code to their mobile under the OTP policy (resend cooldown, daily cap), an email saying so, and
/// an audit row, in one transaction. Someone who has signed in is refused (409): they use forgot_password themselves,
/// so staff can never start a password reset on an account in use.
/// </summary>
internal static class ActivationEndpoints
{
    public static void MapActivationEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGroup("/admin/users").WithTags("User administration")
            .MapPost("/{userCode}/send_activation", SendAsync).RequireStaff(Roles.Admin)
            .WithSummary("A new activation code to a user of yours who has never signed in (202 with the request id auth/reset_password takes; 409 once they have signed in).");

    internal static async Task<Accepted<ActivationSentResponse>> SendAsync(string userCode, ClaimsPrincipal principal, StaffActions staff, OtpService otp, IOutbox outbox,
        CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, userCode, manage: true, cancellationToken);
        if (target.LastLoginAt is not null)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Already active",
                "This user has signed in before; they reset a forgotten password themselves (auth/forgot_password).", code: "already_activated");
        }
        if (target.Status != UserStatuses.Active)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Not active", "Unblock the user before sending an activation code.", code: "user_not_active");
        }
        var activation = Guid.CreateVersion7();
        await using (var transaction = await staff.Db.BeginTransactionAsync(cancellationToken))
        {
            await otp.EnsureCooledDownAsync(staff.Db, target.Id, OtpPurposes.PasswordReset, cancellationToken);
            await otp.IssueAsync(staff.Db, activation, OtpPurposes.PasswordReset, Channels.Sms, target.Mobile, target.Id, cancellationToken);
            await outbox.EnqueueAsync(staff.Db, OutgoingMessage.Email(target.Email, "Your CredbuzzPay activation code",
                $"Hello {target.FirstName}, a new code to set the password of your account ({target.UserCode}) was sent to your mobile."), cancellationToken);
            await staff.RecordAsync(actor, "user.activation_sent", target, null, new { activation_request_id = activation }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return TypedResults.Accepted((string?)null,
            new ActivationSentResponse(target.UserCode, activation, "A new activation code went to their mobile (they set the password with auth/reset_password)."));
    }
}
