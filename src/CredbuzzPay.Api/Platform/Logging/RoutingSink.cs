using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace CredbuzzPay.Api.Platform.Logging;

/// <summary>Writes each event to its module's file (auth, otp, kyc, admin, api, app).</summary>
internal sealed class RoutingSink : ILogEventSink, IDisposable
{
    private readonly LogRoutes _routes;
    private readonly Dictionary<string, RollingLogFile> _files;

    public RoutingSink(LogRoutes routes, string directory, ITextFormatter formatter, LogFileOptions options)
    {
        _routes = routes;
        _files = routes.AllFiles.ToDictionary(
            name => name,
            name => new RollingLogFile(directory, name, formatter, options.FileSizeLimitBytes, options.RetainedDays),
            StringComparer.OrdinalIgnoreCase);
    }

    public void Emit(LogEvent logEvent)
    {
        var category = logEvent.Properties.TryGetValue("SourceContext", out var value) && value is ScalarValue { Value: string s } ? s : null;
        _files[_routes.FileFor(category)].Emit(logEvent);
    }

    public void Dispose()
    {
        foreach (var file in _files.Values)
        {
            file.Dispose();
        }
    }
}
