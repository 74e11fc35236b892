using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("CredbuzzPay.Tests.Infrastructure.TestRun", "CredbuzzPay.Tests")]

namespace CredbuzzPay.Tests.Infrastructure;

/// <summary>
/// xunit's own framework with a beginning and an end: leftovers of dead runs are removed before the
/// first test, and when the last test has finished (before the run is reported finished, while the
/// process still lives) the shared hosts stop and every scratch database and folder of this run goes.
/// </summary>
public sealed class TestRun : XunitTestFramework
{
    public TestRun(IMessageSink messageSink)
        : base(messageSink)
    {
    }

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new Runner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class Runner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override Task AfterTestAssemblyStartingAsync()
        {
            Scratch.RemoveLeftovers();
            return base.AfterTestAssemblyStartingAsync();
        }

        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await ApiHost.DisposeSharedAsync();
            TestDatabase.DropAll();
            Scratch.RemoveRun();
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
