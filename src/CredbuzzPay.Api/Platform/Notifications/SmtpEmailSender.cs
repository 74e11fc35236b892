using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>Sends email through the configured SMTP server with MailKit.</summary>
internal sealed class SmtpEmailSender : IMessageSender
{
    private readonly SmtpOptions _options;

    public SmtpEmailSender(IOptions<NotificationOptions> options) => _options = options.Value.Smtp;

    public async Task SendAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(_options.FromName, _options.FromAddress));
        mime.To.Add(MailboxAddress.Parse(message.Message.To));
        mime.Subject = message.Message.Subject ?? "";
        mime.MessageId = $"{message.Id:N}@{_options.FromAddress.Split('@').Last()}";
        mime.Body = new TextPart("plain") { Text = message.Message.Body };

        using var client = new SmtpClient { Timeout = _options.TimeoutSeconds * 1000 };
        var security = Enum.TryParse<SecureSocketOptions>(_options.Security, ignoreCase: true, out var parsed) ? parsed : SecureSocketOptions.StartTls;
        await client.ConnectAsync(_options.Host ?? throw new InvalidOperationException("Notifications:Smtp:Host is not set."), _options.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(_options.Username))
        {
            await client.AuthenticateAsync(_options.Username, _options.Password ?? "", cancellationToken);
        }
        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
