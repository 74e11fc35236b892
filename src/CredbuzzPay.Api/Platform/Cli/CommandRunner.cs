using CredbuzzPay.Api.Platform.Database;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform.Cli;

/// <summary>Finds and runs the command named by the first argument.</summary>
internal static class CommandRunner
{
    public static bool IsCommand(string[] args) => args.Length > 0 && (!args[0].StartsWith('-') || IsHelp(args[0]));

    private static bool IsHelp(string word) => word is "help" or "--help" or "-h" or "-?";

    /// <summary>Runs the command; a configuration or database problem is one clear line and exit code 1, not a stack trace.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        try
        {
            return await RunCommandAsync(services, args);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"{args[0]} failed: {Privacy.Redaction.RedactText(ex.Message)}");
            return 1;
        }
    }

    private static async Task<int> RunCommandAsync(IServiceProvider services, string[] args)
    {
        var commands = services.GetServices<ICliCommand>().ToList();
        if (IsHelp(args[0]))
        {
            await Console.Out.WriteLineAsync(Usage(commands));
            return 0;
        }
        var command = commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (command is null)
        {
            await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'.\n" + Usage(commands));
            return 2;
        }
        var options = new ConfigurationBuilder().AddCommandLine(args.Skip(1).ToArray()).Build();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        // Every command but migrate itself works on a current schema.
        if (command.Name != "migrate" && services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            services.GetRequiredService<MigrationRunner>().MigrateUp();
        }
        return await command.RunAsync(options, cancel.Token);
    }

    private static string Usage(IEnumerable<ICliCommand> commands) =>
        "Usage: CredbuzzPay.Api [command] [--option value ...]\n" +
        "Without a command the service serves HTTP (--urls to choose the address). Commands:\n" +
        string.Join('\n', commands.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => $"  {c.Name,-16} {c.Description}")
            .Append($"  {"help",-16} Print this list.")) +
        "\nSettings can follow any command as --Section:Key value (see the README's configuration table).";
}
