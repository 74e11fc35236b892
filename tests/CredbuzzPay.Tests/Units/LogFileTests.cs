using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Api.Platform.Logging;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace CredbuzzPay.Tests.Units;

public sealed class LogFileTests
{
    private static readonly MessageTemplateTextFormatter Formatter = new("{Timestamp:yyyy-MM-dd} {Message}{NewLine}");

    private static LogEvent Event(DateTimeOffset at, string text) =>
        new(at, LogEventLevel.Information, null, new MessageTemplateParser().Parse(text), []);

    private static string NewDirectory() => Scratch.NewDirectory("logs");

    [Fact]
    public void CurrentFileKeepsItsName_AndRollsToADatedFileAtMidnightUtc()
    {
        var directory = NewDirectory();
        using (var file = new RollingLogFile(directory, "auth", Formatter, 1024 * 1024, 30))
        {
            file.Emit(Event(new DateTimeOffset(2026, 11, 22, 23, 59, 0, TimeSpan.Zero), "late"));
            file.Emit(Event(new DateTimeOffset(2026, 11, 23, 0, 0, 1, TimeSpan.Zero), "early"));
        }

        Assert.Equal("2026-11-22 late", File.ReadAllText(Path.Combine(directory, "auth.2026-11-22.log")).Trim());
        Assert.Equal("2026-11-23 early", File.ReadAllText(Path.Combine(directory, "auth.log")).Trim());
    }

    [Fact]
    public void AnEventAfterTheFileIsClosed_IsDropped_AndTheRemovedFolderStaysGone()
    {
        var directory = Path.Combine(NewDirectory(), "logs");
        var file = new RollingLogFile(directory, "app", Formatter, 1024 * 1024, 30);
        file.Emit(Event(DateTimeOffset.UtcNow, "running"));
        file.Dispose();
        Directory.Delete(directory, recursive: true);

        file.Emit(Event(DateTimeOffset.UtcNow, "a late line from a thread still finishing"));

        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void FileRollsEarlyAtItsSizeLimit_WithoutLosingLines()
    {
        var directory = NewDirectory();
        var day = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        using (var file = new RollingLogFile(directory, "api", Formatter, 100, 30))
        {
            for (var i = 0; i < 12; i++)
            {
                file.Emit(Event(day.AddSeconds(i), $"request number {i:00}"));
            }
        }

        var files = Directory.GetFiles(directory, "api*.log");
        Assert.True(files.Length >= 3);
        Assert.Contains(Path.Combine(directory, "api.2026-11-23.1.log"), files);
        var lines = files.SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToList();
        Assert.Equal(12, lines.Count);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 100 + 40));
    }

    [Fact]
    public void RolledFilesOlderThanTheRetention_AreDeleted()
    {
        var directory = NewDirectory();
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "kyc.2026-10-01.log"), "old");
        File.WriteAllText(Path.Combine(directory, "kyc.2026-11-20.log"), "recent");
        File.WriteAllText(Path.Combine(directory, "kyc.log"), "yesterday");
        File.SetLastWriteTimeUtc(Path.Combine(directory, "kyc.log"), new DateTime(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc));

        using (var file = new RollingLogFile(directory, "kyc", Formatter, 1024 * 1024, 7))
        {
            file.Emit(Event(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), "today"));
        }

        Assert.False(File.Exists(Path.Combine(directory, "kyc.2026-10-01.log")));
        Assert.True(File.Exists(Path.Combine(directory, "kyc.2026-11-20.log")));
        Assert.Equal("yesterday", File.ReadAllText(Path.Combine(directory, "kyc.2026-11-22.log")));
    }

    [Theory]
    [InlineData("CredbuzzPay.Api.Modules.Identity.Features.Login.LoginHandler", "auth")]
    [InlineData("CredbuzzPay.Api.Modules.Identity.Otp.OtpService", "otp")]
    [InlineData("CredbuzzPay.Api.Modules.Kyc.Features.Aadhaar.SubmitAadhaar", "kyc")]
    [InlineData("CredbuzzPay.Api.Modules.Access.Features.BlockUser", "admin")]
    [InlineData("CredbuzzPay.Api.Platform.Http.ApiAccessLog", "api")]
    [InlineData("CredbuzzPay.Api.Modules.IdentityExtras.Thing", "app")]
    [InlineData("Microsoft.Hosting.Lifetime", "app")]
    [InlineData(null, "app")]
    public void Routes_SendEachCategoryToItsModulesFile_LongestPrefixFirst(string? category, string file) =>
        Assert.Equal(file, new LogRoutes(new Dictionary<string, string[]>()).FileFor(category));

    [Fact]
    public void Routes_FromConfiguration_AddFiles()
    {
        var routes = new LogRoutes(new Dictionary<string, string[]> { ["ledger"] = ["CredbuzzPay.Api.Modules.Ledger"] });

        Assert.Equal("ledger", routes.FileFor("CredbuzzPay.Api.Modules.Ledger.Features.Transfer"));
        Assert.Contains("ledger", routes.AllFiles);
    }
}
