using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>
/// Whether the person a message is about consents, now, to messages of its purpose (marketing). The outbox asks when a message is queued and
/// again just before it is sent, so a campaign reaches only people who consent, whoever queued it and whenever they withdrew. The privacy
/// module answers from the consents in force.
/// </summary>
public interface IMessageConsent
{
    Task<bool> AllowsAsync(AppDb db, Guid subjectId, string purpose, CancellationToken cancellationToken);
}
