using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Notifications;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

/// <summary>An access archive is ready: the audit row and the email to the person, inside the transaction that makes it downloadable.</summary>
internal sealed class ArchiveNotice
{
    private readonly IUserDirectory _users;
    private readonly IOutbox _outbox;
    private readonly IAuditTrail _audit;

    public ArchiveNotice(IUserDirectory users, IOutbox outbox, IAuditTrail audit)
    {
        _users = users;
        _outbox = outbox;
        _audit = audit;
    }

    public async Task ReadyAsync(AppDb db, PrivacyRequestRow request, long bytes, CancellationToken cancellationToken)
    {
        await _audit.RecordAsync(db, new AuditEvent("privacy.archive_built", "privacy_request", request.RequestId, new { bytes, full_numbers = request.FullNumbers },
            request.UserCode), cancellationToken);
        if (await _users.FindAsync(db, request.UserId, cancellationToken) is { } person)
        {
            await _outbox.EnqueueAsync(db, OutgoingMessage.Email(person.Email, "Your data is ready to download",
                $"Hello {person.FirstName}, the copy of your data you asked for ({request.RequestId}) is ready. Sign in and download it from privacy/requests/{request.RequestId} within 24 hours."),
                cancellationToken);
        }
    }
}
