using System.Diagnostics;
using System.Text;

namespace CredbuzzPay.Tests.Infrastructure;

/// <summary>
/// Runs the built service executable (<c>dotnet CredbuzzPay.Api.dll ...</c>) as its own process, the
/// way an operator does, with settings passed through the environment.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static ServiceProcess Start(string workingDirectory, IDictionary<string, string?> environment, params string[] args)
    {
        var assembly = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.StandardInput.Close();
        return new ServiceProcess(process);
    }

    /// <summary>Runs a command to its end (bounded) and answers its exit code.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, IDictionary<string, string?> environment, params string[] args)
    {
        using var run = Start(workingDirectory, environment, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await run._process.WaitForExitAsync(timeout.Token);
        run._process.WaitForExit();
        return (run._process.ExitCode, run.Output, run.Error);
    }

    /// <summary>Kills the process at once (SIGKILL, as <c>kill -9</c>): no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (builder)
        {
            builder.AppendLine(line);
        }
    }
}
