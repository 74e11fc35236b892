namespace CredbuzzPay.Api.Platform.Notifications;

public static class Channels
{
    public const string Email = "email";
    public const string Sms = "sms";
}

/// <summary>What a message is for, when it is not the service itself (codes, notices) speaking: only marketing so far, which needs the person's consent.</summary>
public static class MessagePurposes
{
    public const string Marketing = "marketing";
}

/// <summary>
/// A message to deliver: an email (with a subject) or an SMS. A message sent for a purpose the person may refuse (<see cref="Purpose"/>, e.g.
/// marketing) names whom it is about (<see cref="SubjectId"/>), so withdrawing that consent cancels it while queued; <see cref="NotBefore"/>
/// holds it until a time (a campaign's).
/// </summary>
public sealed record OutgoingMessage(string Channel, string To, string? Subject, string Body, string? Purpose = null, Guid? SubjectId = null, DateTime? NotBefore = null)
{
    public static OutgoingMessage Email(string to, string subject, string body) => new(Channels.Email, to, subject, body);

    public static OutgoingMessage Sms(string to, string body) => new(Channels.Sms, to, null, body);
}

/// <summary>A message as a sender receives it, with the time it was queued.</summary>
public sealed record QueuedMessage(Guid Id, OutgoingMessage Message, DateTime CreatedAt);

/// <summary>Delivers messages of one channel. Throws when delivery failed, so the outbox retries.</summary>
public interface IMessageSender
{
    Task SendAsync(QueuedMessage message, CancellationToken cancellationToken);
}
