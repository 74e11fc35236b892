using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Platform;

/// <summary>The service's executable run as an operator runs it: migrate, createsuperuser, verify-audit.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Commands_OnAFreshSqliteDataDirectory_BehaveAsDocumented()
    {
        var directory = Scratch.NewDirectory("cli");
        Directory.CreateDirectory(directory);
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(typeof(Program).Assembly.Location),
            ["Storage__DataDirectory"] = Path.Combine(directory, "data"),
            ["LogFiles__Directory"] = Path.Combine(directory, "logs"),
        };
        var (email, mobile) = CreateSuperuserTests.UniqueContact();
        const string password = "Cl1-Secret#Pass";

        var migrate = await ServiceProcess.RunAsync(directory, environment, "migrate");
        var again = await ServiceProcess.RunAsync(directory, environment, "migrate");
        var created = await ServiceProcess.RunAsync(directory, environment, "createsuperuser", "--email", email, "--mobile", mobile, "--password", password, "--first-name", "Asha", "--last-name", "Rao");
        var duplicate = await ServiceProcess.RunAsync(directory, environment, "createsuperuser", "--email", email, "--mobile", mobile, "--password", password, "--first-name", "Asha", "--last-name", "Rao");
        var noPassword = await ServiceProcess.RunAsync(directory, environment, "createsuperuser", "--email", "x" + email, "--mobile", "9123456780", "--first-name", "A", "--last-name", "B");
        var verify = await ServiceProcess.RunAsync(directory, environment, "verify-audit");
        // The retention table is printed from the configuration in force: a changed period and a basis in the operator's own words show.
        var privacy = await ServiceProcess.RunAsync(directory, new Dictionary<string, string?>(environment)
        {
            ["Retention__SessionsDays"] = "120",
            ["Retention__Basis__sessions"] = "Our counsel's wording",
            ["Privacy__RetentionYears"] = "8",
        }, "privacy-report");
        var unknown = await ServiceProcess.RunAsync(directory, environment, "no-such-command");
        var help = await ServiceProcess.RunAsync(directory, environment, "help");
        var dashHelp = await ServiceProcess.RunAsync(directory, environment, "--help");

        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("Applied", migrate.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "data", "credbuzzpay.db")));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already current", again.Output, StringComparison.Ordinal);
        Assert.Equal(0, created.ExitCode);
        Assert.Matches("Created master_superadmin [A-Z0-9]{6} ", created.Output);
        var code = System.Text.RegularExpressions.Regex.Match(created.Output, "Created master_superadmin ([A-Z0-9]{6}) ").Groups[1].Value;
        Assert.Contains($"user.created on {code} by system:createsuperuser", TestFiles.ReadShared(Path.Combine(directory, "logs", "admin.log")), StringComparison.Ordinal);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("email: An account with this email already exists.", duplicate.Error, StringComparison.Ordinal);
        Assert.Equal(1, noPassword.ExitCode);
        Assert.Contains("password: A password is required.", noPassword.Error, StringComparison.Ordinal);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("Audit chain intact: 1 row(s) verified.", verify.Output, StringComparison.Ordinal);
        // The privacy report counts (never shows) personal data: the one superuser, no consents, nothing open.
        Assert.Equal(0, privacy.ExitCode);
        Assert.Matches(@"(?m)^  users +1 +0 +0  \d{4}-\d{2}-\d{2}$", privacy.Output);
        Assert.Contains("notice version 1 accepted by 0 people", privacy.Output, StringComparison.Ordinal);
        foreach (var kind in new[] { "recharges", "bill_payments", "loan_applications", "loans", "consents", "grievances" })
        {
            Assert.Matches($@"(?m)^  {kind} +0 +0 +0  -$", privacy.Output);
        }
        Assert.Contains("0 retained; 0 purged", privacy.Output, StringComparison.Ordinal);
        Assert.Contains("  sessions: sessions and their refresh tokens; 120 days after they ended; Retention:SessionsDays; Our counsel's wording; cleanup job (sessions)\n",
            privacy.Output, StringComparison.Ordinal);
        Assert.Contains("  login_activity: sign-in attempts (login activity); 365 days; Retention:LoginActivityDays; CERT-In Directions of 28 April 2022", privacy.Output, StringComparison.Ordinal);
        Assert.Contains("  kyc_records: KYC records and documents of erased people; 8 years after the relationship ends; Privacy:RetentionYears; RBI KYC Master Direction",
            privacy.Output, StringComparison.Ordinal);
        Assert.Contains("  idempotency: idempotency keys and the answers they replay; 24 hours; Ledger:IdempotencyHours;", privacy.Output, StringComparison.Ordinal);
        Assert.Contains("  log_files: log files; 30 days; LogFiles:RetainedDays;", privacy.Output, StringComparison.Ordinal);
        // Every kind of the retention table in docs/privacy.md, each once.
        foreach (var kind in new[] { "otp_codes", "sessions", "login_activity", "outbox", "idempotency", "bill_fetches", "kyc_records", "transactions", "log_files", "audit_rows" })
        {
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(privacy.Output, $"(?m)^  {kind}: "));
        }
        Assert.DoesNotContain(email, privacy.Output, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("createsuperuser", unknown.Error, StringComparison.Ordinal);
        // help lists every command on stdout and exits 0, without serving.
        foreach (var asked in new[] { help, dashHelp })
        {
            Assert.Equal(0, asked.ExitCode);
            Assert.Equal("", asked.Error);
            foreach (var name in new[] { "createsuperuser", "migrate", "rotate-keys", "seed-demo", "verify-audit", "verify-ledger", "close-day", "populate-plans", "populate-billers", "privacy-report", "backup", "restore", "help" })
            {
                Assert.Matches($"(?m)^  {name} +[A-Z]", asked.Output);
            }
        }

        var everything = string.Join('\n', new[] { migrate, again, created, duplicate, noPassword, verify, privacy }.Select(r => r.Output + r.Error))
            + string.Join('\n', Directory.GetFiles(Path.Combine(directory, "logs")).Select(File.ReadAllText));
        Assert.DoesNotContain(password, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSuperuser_AtATerminal_PromptsForTheMissingPasswordTwiceWithoutEcho()
    {
        var directory = Scratch.NewDirectory("tty");
        Directory.CreateDirectory(directory);
        var (email, mobile) = CreateSuperuserTests.UniqueContact();
        const string password = "Tty-Secret#Pass9";
        var command = $"dotnet '{typeof(Program).Assembly.Location}' createsuperuser --email {email} --mobile {mobile} --first-name Asha --last-name Rao";
        var start = new System.Diagnostics.ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        // `script` gives the command a pseudo-terminal, as an operator's shell would.
        foreach (var arg in new[] { "-qec", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(typeof(Program).Assembly.Location);
        start.Environment["Storage__DataDirectory"] = Path.Combine(directory, "data");
        start.Environment["LogFiles__Directory"] = Path.Combine(directory, "logs");
        start.Environment["LogFiles__Console"] = "false";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var reading = Task.Run(async () =>
        {
            var buffer = new char[256];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (output)
                {
                    output.Append(buffer, 0, read);
                }
            }
        });
        string Seen()
        {
            lock (output)
            {
                return output.ToString();
            }
        }

        await WaitForAsync(() => Seen().Contains("Password: ", StringComparison.Ordinal));
        await process.StandardInput.WriteAsync(password + "\r");
        await process.StandardInput.FlushAsync();
        await WaitForAsync(() => Seen().Contains("Password (again): ", StringComparison.Ordinal));
        await process.StandardInput.WriteAsync(password + "\r");
        await process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        await reading;

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Created master_superadmin", Seen(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, Seen(), StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(condition(), "The prompt did not appear.");
    }
}
