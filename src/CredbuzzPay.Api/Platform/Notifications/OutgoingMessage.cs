namespace CredbuzzPay.Api.Platform.Notifications;

public static class Channels
{
    public const string Email = "email";
    public const string Sms = "sms";
}

/// <summary>A message to deliver: an email (with a subject) or an SMS.</summary>
public sealed record OutgoingMessage(string Channel, string To, string? Subject, string Body)
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
