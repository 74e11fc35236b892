using CredbuzzPay.Api.Platform.Privacy;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace CredbuzzPay.Api.Platform.Logging;

/// <summary>
/// Sits in front of every sink and rewrites each event before it is written: properties named like a
/// secret, values shaped like one, values that follow a secret's name in the message ("OTP {Code}"),
/// secrets pasted into the message text itself, and exception texts are all blanked.
/// </summary>
internal sealed class RedactingSink : ILogEventSink, IDisposable
{
    private static readonly MessageTemplateParser Parser = new();
    private readonly ILogEventSink _inner;

    public RedactingSink(ILogEventSink inner) => _inner = inner;

    public void Emit(LogEvent logEvent) => _inner.Emit(Redact(logEvent));

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    internal static LogEvent Redact(LogEvent logEvent)
    {
        var template = logEvent.MessageTemplate;
        var secretTokens = SecretPropertyNames(template);
        var redactedText = Redaction.RedactText(template.Text);
        if (!ReferenceEquals(redactedText, template.Text) && redactedText != template.Text)
        {
            template = Parser.Parse(redactedText);
        }
        var properties = logEvent.Properties.Select(p => new LogEventProperty(
            p.Key,
            Redaction.IsSensitiveName(p.Key) || secretTokens.Contains(p.Key) ? new ScalarValue(Redaction.Mask) : RedactValue(p.Value)));
        var exception = logEvent.Exception is null ? null : new RedactedException(logEvent.Exception);
        return new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, properties, logEvent.TraceId ?? default, logEvent.SpanId ?? default);
    }

    private static HashSet<string> SecretPropertyNames(MessageTemplate template)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string preceding = string.Empty;
        foreach (var token in template.Tokens)
        {
            if (token is TextToken text)
            {
                preceding = text.Text;
            }
            else if (token is PropertyToken property)
            {
                if (Redaction.NamesSecretBefore(preceding))
                {
                    names.Add(property.PropertyName);
                }
                preceding = string.Empty;
            }
        }
        return names;
    }

    private static LogEventPropertyValue RedactValue(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } => new ScalarValue(Redaction.RedactText(s)),
        ScalarValue { Value: long or ulong or decimal } scalar when Convert.ToString(scalar.Value, System.Globalization.CultureInfo.InvariantCulture)!.Length >= 9
            => new ScalarValue(Redaction.RedactText(Convert.ToString(scalar.Value, System.Globalization.CultureInfo.InvariantCulture)!)),
        ScalarValue scalar => scalar,
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(RedactValue)),
        StructureValue structure => new StructureValue(
            structure.Properties.Select(p => new LogEventProperty(p.Name, Redaction.IsSensitiveName(p.Name) ? new ScalarValue(Redaction.Mask) : RedactValue(p.Value))),
            structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(kv => new KeyValuePair<ScalarValue, LogEventPropertyValue>(
            kv.Key,
            kv.Key.Value is string key && Redaction.IsSensitiveName(key) ? new ScalarValue(Redaction.Mask) : RedactValue(kv.Value)))),
        _ => value,
    };
}

/// <summary>Stands in for a logged exception so that only its redacted text is ever written.</summary>
internal sealed class RedactedException : Exception
{
    private readonly string _text;

    public RedactedException(Exception original)
        : base(Redaction.RedactText(original.Message))
    {
        _text = Redaction.RedactText(original.ToString());
    }

    public override string ToString() => _text;

    public override string? StackTrace => null;
}
