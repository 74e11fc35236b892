namespace CredbuzzPay.Tests.Infrastructure;

public static class TestFiles
{
    /// <summary>Reads a file another process or sink may still be writing; empty when it does not exist.</summary>
    public static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return "";
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The settings every test host starts from: its own database, data and log folders, generated keys, the pickup file.</summary>
    public static Dictionary<string, string?> HostSettings(TestDatabase database) => new()
    {
        ["urls"] = "http://127.0.0.1:0",
        ["Database:Provider"] = database.Engine,
        ["ConnectionStrings:Default"] = database.ConnectionString,
        ["Storage:DataDirectory"] = Path.Combine(database.Directory, "data"),
        ["LogFiles:Directory"] = Path.Combine(database.Directory, "logs"),
        ["LogFiles:Console"] = "false",
        ["Secrets:GenerateMissingKeys"] = "true",
        ["Notifications:Mode"] = "pickup",
        ["Jobs:SchedulerName"] = "credbuzzpay-test-" + database.Name,
        // The day close (interest, maturities) runs only when a test calls it: a run crossing midnight IST must not pay interest under other tests.
        ["Jobs:DayCloseCron"] = "0 0 0 1 1 ? 2099",
        // Tests run the reconciliation themselves (with the instant they need).
        ["Jobs:ReconcileSeconds"] = "86400",
        // The console is reached over plain HTTP here (a test host name is not a secure origin); ConsoleTests checks the Secure flag with the default.
        ["AdminConsole:SecureCookies"] = "false",
    };
}
