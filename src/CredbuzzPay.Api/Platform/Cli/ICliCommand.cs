namespace CredbuzzPay.Api.Platform.Cli;

/// <summary>
/// A command of the service's executable (<c>dotnet run --project src/CredbuzzPay.Api -- NAME</c>).
/// Modules register theirs; the host runs the one named by the first argument instead of serving.
/// </summary>
public interface ICliCommand
{
    string Name { get; }

    string Description { get; }

    /// <summary>Runs the command; the answer is the process exit code.</summary>
    /// <param name="options">The command line's <c>--name value</c> pairs.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken);
}
