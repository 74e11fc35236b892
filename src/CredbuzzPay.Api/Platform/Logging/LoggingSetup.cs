using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace CredbuzzPay.Api.Platform.Logging;

/// <summary>
/// Serilog with one rolling file per module in <c>LogFiles:Directory</c> and an optional console;
/// every sink sits behind <see cref="RedactingSink"/>, so nothing reaches a sink unredacted. The
/// static <c>Log.Logger</c> is left alone: each host owns its logger (tests run several at once).
/// </summary>
internal static class LoggingSetup
{
    private const string FileTemplate =
        "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} [{Level:u3}] {CorrelationId} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static WebApplicationBuilder AddModuleLogFiles(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(LogFileOptions.Section).Get<LogFileOptions>() ?? new LogFileOptions();
        var minimum = builder.Configuration.GetValue("LogFiles:MinimumLevel", LogEventLevel.Information);
        var directory = Path.GetFullPath(options.Directory);
        var routes = new LogRoutes(options.Routes);

        builder.Services.AddSerilog((_, logger) =>
        {
            logger.MinimumLevel.Is(minimum)
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
                .MinimumLevel.Override("System", LogEventLevel.Warning)
                .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
                .MinimumLevel.Override("DBConnectionManager", LogEventLevel.Warning)
                .MinimumLevel.Override("LinqToDB", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .WriteTo.Sink(new RedactingSink(new RoutingSink(routes, directory, new MessageTemplateTextFormatter(FileTemplate), options)));
            if (options.Console)
            {
                // A failed start is told on the console in one line by Program; its stack trace goes to app.log only.
                var console = new LoggerConfiguration().MinimumLevel.Verbose()
                    .Filter.ByExcluding(e => e.Level >= LogEventLevel.Error && e.Properties.TryGetValue("SourceContext", out var source)
                        && source.ToString().Trim('"') is "Microsoft.Extensions.Hosting.Internal.Host" or "Microsoft.AspNetCore.Hosting.Diagnostics")
                    .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                    .CreateLogger();
                logger.WriteTo.Sink(new RedactingSink(console));
            }
        }, preserveStaticLogger: true);
        return builder;
    }
}
