using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Platform.Notifications;

/// <summary>Settings of section <c>Notifications</c>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>
    /// <c>pickup</c> writes every message to <c>&lt;DataDirectory&gt;/outbox/messages.jsonl</c> instead of
    /// sending it; <c>send</c> uses the configured SMTP server and SMS provider, and still falls back
    /// to the pickup file for a channel that has none configured.
    /// </summary>
    public string Mode { get; set; } = "send";

    public SmtpOptions Smtp { get; set; } = new();

    public SmsOptions Sms { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    internal bool PickupOnly => string.Equals(Mode, "pickup", StringComparison.OrdinalIgnoreCase);
}

public sealed class SmtpOptions
{
    /// <summary>SMTP server; empty means email goes to the pickup file.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (default), <c>SslOnConnect</c>, <c>StartTlsWhenAvailable</c> or <c>None</c> (local relays only).</summary>
    public string Security { get; set; } = "StartTls";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string FromAddress { get; set; } = "no-reply@credbuzzpay.local";

    public string FromName { get; set; } = "CredbuzzPay";

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;
}

public sealed class SmsOptions
{
    /// <summary><c>twilio</c>, or empty for the pickup file.</summary>
    public string? Provider { get; set; }

    public TwilioOptions Twilio { get; set; } = new();
}

public sealed class TwilioOptions
{
    public string BaseUrl { get; set; } = "https://api.twilio.com";

    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>Sender number or messaging service id (<c>MG...</c>).</summary>
    public string? From { get; set; }

    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 15;
}

public sealed class OutboxOptions
{
    /// <summary>How often the dispatcher looks for due messages.</summary>
    [Range(1, 3600)]
    public int PollIntervalSeconds { get; set; } = 2;

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>After this many failed attempts a message is marked dead.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; each further retry doubles it (with jitter) up to <see cref="MaxBackoffSeconds"/>.</summary>
    [Range(1, 3600)]
    public int BaseBackoffSeconds { get; set; } = 10;

    [Range(1, 86400)]
    public int MaxBackoffSeconds { get; set; } = 3600;

    /// <summary>How long one node holds a claimed message before another may take it over.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Sent and dead messages are deleted after this many days.</summary>
    [Range(1, 3650)]
    public int RetainDays { get; set; } = 7;
}
