using CredbuzzPay.Api.Platform.Http;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Kyc.Providers;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Notifications;
using FluentValidation;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Kyc.Review;

public sealed record ReviewRequest([property: MultilineText] string? Reason);

public sealed record ReviewResponse(string UserCode, string Section, string PreviousStatus, string Status, string KycStatus, string? Reason, DateTime ReviewedAt);

internal sealed class ReviewRequestValidator : AbstractValidator<ReviewRequest>
{
    public ReviewRequestValidator() => RuleFor(r => r.Reason).MaximumLength(500).WithMessage("At most 500 characters.");
}

internal static class ReviewDecision
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string RequestResubmission = "request_resubmission";
}

/// <summary>
/// A reviewer's decision on one pending section, in one transaction with its audit row, the user's
/// overall status and the notification to the user (through the outbox); a line goes to kyc.log.
/// </summary>
internal sealed class ReviewDecisions
{
    private readonly AppDb _db;
    private readonly KycStore _store;
    private readonly IUserDirectory _users;
    private readonly IAuditTrail _audit;
    private readonly IOutbox _outbox;
    private readonly ILogger<ReviewDecisions> _logger;

    public ReviewDecisions(AppDb db, KycStore store, IUserDirectory users, IAuditTrail audit, IOutbox outbox, ILogger<ReviewDecisions> logger)
    {
        _db = db;
        _store = store;
        _users = users;
        _audit = audit;
        _outbox = outbox;
        _logger = logger;
    }

    public async Task<ReviewResponse> DecideAsync(UserSummary staff, string userCode, string section, string decision, string? reason, CancellationToken cancellationToken)
    {
        var target = await ReviewTargets.FindAsync(_db, _users, staff, userCode, cancellationToken);
        if (!KycSections.IsKnown(section))
        {
            throw ApiProblemException.NotFound("No such KYC section.");
        }
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (decision != ReviewDecision.Approve && reason is null)
        {
            throw ApiProblemException.Validation("reason", "Say why, so the user knows what to fix.");
        }
        var live = await _store.LiveAsync(_db, target.Id, section, cancellationToken)
            ?? throw ApiProblemException.NotFound($"{target.UserCode} has not submitted {KycStore.Label(section)} details.");
        if (live.Status != KycStatuses.Pending)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", $"This section is {live.Status.Replace('_', ' ')}, not pending review.");
        }
        if (decision == ReviewDecision.Approve && Outstanding(live) is { } missing)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", $"Cannot approve yet: {missing}.");
        }

        var status = decision switch
        {
            ReviewDecision.Approve => KycStatuses.Verified,
            ReviewDecision.Reject => KycStatuses.Rejected,
            _ => KycStatuses.ResubmissionRequested,
        };
        var now = _store.Now;
        string overall;
        await using (var transaction = await _db.BeginTransactionAsync(cancellationToken))
        {
            var changed = await _db.GetTable<KycSubmission>()
                .Where(s => s.Id == live.Id && s.Status == KycStatuses.Pending && s.DeletedAt == null)
                .Set(s => s.Status, status)
                .Set(s => s.ReviewReason, reason)
                .Set(s => s.ReviewedBy, staff.UserCode)
                .Set(s => s.ReviewedAt, now)
                .Set(s => s.VerifiedAt, status == KycStatuses.Verified ? now : null)
                .Set(s => s.UpdatedAt, now)
                .UpdateAsync(cancellationToken);
            if (changed != 1)
            {
                throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "This section changed while you were deciding; reload it.");
            }
            await KycCounters.DecideAsync(_db, live, status, status == KycStatuses.Verified ? now : null, cancellationToken);
            overall = await _store.RefreshOverallAsync(_db, target.Id, cancellationToken);
            await _audit.RecordAsync(_db, new AuditEvent($"kyc.{(decision == ReviewDecision.Approve ? "approved" : decision == ReviewDecision.Reject ? "rejected" : "resubmission_requested")}",
                "user", target.UserCode, new { section, submission_id = live.Id, previous_status = live.Status, status, reason, kyc_status = overall, branch = target.BranchCode }), cancellationToken);
            await _outbox.EnqueueAsync(_db, Notice(target, section, status, reason, overall), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        _logger.LogInformation("KYC {Section} of {UserCode} {Decision} by {Reviewer} (submission {SubmissionId}); overall {KycStatus}",
            section, target.UserCode, status, staff.UserCode, live.Id, overall);
        return new ReviewResponse(target.UserCode, section, live.Status, status, overall, reason, now);
    }

    /// <summary>What must happen before a section can be approved, or null.</summary>
    internal static string? Outstanding(KycSubmission live) => live.Section switch
    {
        KycSections.Aadhaar when live.OtpVerifiedAt is null => "the Aadhaar OTP has not been confirmed",
        KycSections.Pan when live.ProviderStatus != ProviderStatuses.Valid => "the PAN was not found in the register",
        KycSections.Business when live.PhoneVerifiedAt is null || live.EmailVerifiedAt is null => "the business phone and email are not both verified",
        KycSections.Bank when live.ProviderStatus != ProviderStatuses.Success => "the account has not been confirmed by penny drop",
        _ => null,
    };

    private static OutgoingMessage Notice(UserSummary user, string section, string status, string? reason, string overall)
    {
        var label = KycStore.Label(section);
        var text = status switch
        {
            KycStatuses.Verified => $"Hello {user.FirstName}, your {label} details have been verified.",
            KycStatuses.Rejected => $"Hello {user.FirstName}, your {label} details were rejected: {reason}. Please submit them again.",
            _ => $"Hello {user.FirstName}, please resubmit your {label} details: {reason}.",
        };
        if (overall == OverallKycStatuses.Verified)
        {
            text += " Your KYC is now complete.";
        }
        return OutgoingMessage.Email(user.Email, $"CredbuzzPay: your {label} KYC review", text);
    }
}

/// <summary>Finds the user a reviewer asks for: 404 unless the reviewer may review them (so users outside one's reach cannot be probed).</summary>
internal static class ReviewTargets
{
    public static async Task<UserSummary> FindAsync(AppDb db, IUserDirectory users, UserSummary staff, string userCode, CancellationToken cancellationToken)
    {
        var target = await users.FindByCodeAsync(db, userCode.ToUpperInvariant(), cancellationToken);
        if (target is null || !ReviewAccess.MayReview(staff, target))
        {
            if (target is not null && target.Id == staff.Id)
            {
                throw ApiProblemException.Forbidden("Nobody reviews their own KYC.");
            }
            throw ApiProblemException.NotFound("No such user in your review scope.");
        }
        return target;
    }
}
