using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>Sends SMS through Twilio's Messages API (<c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>).</summary>
internal sealed class TwilioSmsSender : IMessageSender
{
    private readonly HttpClient _http;
    private readonly TwilioOptions _options;

    public TwilioSmsSender(HttpClient http, IOptions<NotificationOptions> options)
    {
        _http = http;
        _options = options.Value.Sms.Twilio;
        _http.Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds);
    }

    public async Task SendAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        var from = _options.From ?? "";
        var form = new List<KeyValuePair<string, string>>
        {
            new("To", message.Message.To),
            new("Body", message.Message.Body),
            from.StartsWith("MG", StringComparison.Ordinal) ? new("MessagingServiceSid", from) : new("From", from),
        };
        var url = $"{_options.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(_options.AccountSid ?? "")}/Messages.json";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.AccountSid}:{_options.AuthToken}")));
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The provider's error body can quote the number and text; only the status is kept.
            throw new MessageDeliveryException($"SMS provider answered HTTP {(int)response.StatusCode}.");
        }
    }
}

/// <summary>A delivery failed in a way worth retrying; its message never carries the recipient or body.</summary>
public sealed class MessageDeliveryException : Exception
{
    public MessageDeliveryException(string message) : base(message)
    {
    }
}
