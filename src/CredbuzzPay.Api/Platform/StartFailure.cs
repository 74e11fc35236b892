using CredbuzzPay.Api.Platform.Privacy;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform;

/// <summary>What stops the service from starting, said in one line (README: "one line on stderr and exit code 1").</summary>
internal static class StartFailure
{
    /// <summary>A configuration, key, binding or address problem met while starting (not a bug in a request).</summary>
    public static bool IsStartFailure(Exception ex) => ex switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.All(IsStartFailure),
        OptionsValidationException or InvalidOperationException or FormatException or IOException or ArgumentException => true,
        System.Net.Sockets.SocketException => true,
        _ => false,
    };

    /// <summary>Each underlying failure's message, redacted, joined into one line.</summary>
    public static string Describe(Exception ex)
    {
        var messages = ex is AggregateException aggregate
            ? aggregate.Flatten().InnerExceptions.SelectMany(Messages)
            : Messages(ex);
        return string.Join("; ", messages.Distinct().Select(m => Redaction.RedactText(m.ReplaceLineEndings(" "))));
    }

    private static IEnumerable<string> Messages(Exception ex) => ex switch
    {
        OptionsValidationException options => options.Failures,
        // "Failed to convert configuration value 'x' at 'Section:Key' to type 'System.Int32'." is already the whole story.
        _ => [ex.InnerException is IOException or System.Net.Sockets.SocketException ? ex.InnerException.Message : ex.Message],
    };
}
