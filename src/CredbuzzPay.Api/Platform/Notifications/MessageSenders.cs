using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>
/// Picks each channel's sender: the pickup file in pickup mode or when the channel has no provider
/// configured, otherwise SMTP for email and the configured SMS provider.
/// </summary>
internal sealed class MessageSenders
{
    private readonly IMessageSender _email;
    private readonly IMessageSender _sms;

    public MessageSenders(IOptions<NotificationOptions> options, IServiceProvider services)
    {
        var settings = options.Value;
        var pickup = services.GetRequiredService<PickupFile>();
        _email = settings.PickupOnly || string.IsNullOrWhiteSpace(settings.Smtp.Host)
            ? pickup
            : services.GetRequiredService<SmtpEmailSender>();
        _sms = settings.PickupOnly || string.IsNullOrWhiteSpace(settings.Sms.Provider)
            ? pickup
            : settings.Sms.Provider.ToLowerInvariant() switch
            {
                "twilio" => services.GetRequiredService<TwilioSmsSender>(),
                _ => throw new InvalidOperationException($"Notifications:Sms:Provider '{settings.Sms.Provider}' is not supported (twilio)."),
            };
        EmailUsesPickup = ReferenceEquals(_email, pickup);
        SmsUsesPickup = ReferenceEquals(_sms, pickup);
    }

    public bool EmailUsesPickup { get; }

    public bool SmsUsesPickup { get; }

    public IMessageSender For(string channel) => channel switch
    {
        Channels.Email => _email,
        Channels.Sms => _sms,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };
}
