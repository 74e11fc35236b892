using CredbuzzPay.Api.Platform.Cli;

namespace CredbuzzPay.Api.Platform.Database;

internal sealed class MigrateCommand : ICliCommand
{
    private readonly MigrationRunner _runner;

    public MigrateCommand(MigrationRunner runner) => _runner = runner;

    public string Name => "migrate";

    public string Description => "Apply pending database migrations and exit.";

    public Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        var applied = _runner.MigrateUp();
        Console.WriteLine(applied == 0 ? "Database schema is already current." : $"Applied {applied} migration(s).");
        return Task.FromResult(0);
    }
}
