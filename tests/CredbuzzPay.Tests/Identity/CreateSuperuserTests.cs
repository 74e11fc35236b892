using System.Globalization;
using System.Security.Cryptography;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Identity;

public sealed class CreateSuperuserTests
{
    [Theory, EngineData]
    public async Task ValidInput_CreatesAMasterSuperadminWithAnArgon2idHashAndAnAuditRow(string engine)
    {
        var host = ApiHost.For(engine);
        var (email, mobile) = UniqueContact();

        var exit = await RunAsync(host, "--email", email.ToUpperInvariant(), "--mobile", "+91 " + mobile, "--password", "Str0ng!Pass#2026", "--first-name", " Asha ", "--last-name", "Rao");

        Assert.Equal(0, exit);
        using var connection = host.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT user_code, email, mobile, role, status, password_hash, first_name FROM users WHERE email_normalized = '{email}'";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var userCode = reader.GetString(0);
        Assert.Matches("^[A-Z0-9]{6}$", userCode);
        Assert.Equal(email, reader.GetString(1));
        Assert.Equal("+91" + mobile, reader.GetString(2));
        Assert.Equal("master_superadmin", reader.GetString(3));
        Assert.Equal("active", reader.GetString(4));
        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", reader.GetString(5), StringComparison.Ordinal);
        Assert.DoesNotContain("Str0ng", reader.GetString(5), StringComparison.Ordinal);
        Assert.Equal("Asha", reader.GetString(6));
        Assert.Equal("system:createsuperuser", host.Database.Scalar($"SELECT actor FROM audit_trail WHERE action = 'user.created' AND target_id = '{userCode}'"));
    }

    [Theory, EngineData]
    public async Task DuplicateEmailOrMobile_IsRefusedWithExitCode1_AndStoresNothing(string engine)
    {
        var host = ApiHost.For(engine);
        var (email, mobile) = UniqueContact();
        var (otherEmail, otherMobile) = UniqueContact();
        Assert.Equal(0, await RunAsync(host, "--email", email, "--mobile", mobile, "--password", "Str0ng!Pass#2026", "--first-name", "A", "--last-name", "B"));

        var sameEmail = await RunAsync(host, "--email", email, "--mobile", otherMobile, "--password", "Str0ng!Pass#2026", "--first-name", "A", "--last-name", "B");
        var sameMobile = await RunAsync(host, "--email", otherEmail, "--mobile", mobile, "--password", "Str0ng!Pass#2026", "--first-name", "A", "--last-name", "B");

        Assert.Equal(1, sameEmail);
        Assert.Equal(1, sameMobile);
        Assert.Equal(0L, Count(host, $"SELECT COUNT(*) FROM users WHERE email_normalized = '{otherEmail}' OR mobile = '+91{otherMobile}'"));
    }

    [Theory]
    [InlineData("Sh0rt!a", "9876501234", "asha@example.com")]
    [InlineData("alllowercase1!", "9876501234", "asha@example.com")]
    [InlineData("NoDigitsHere!!", "9876501234", "asha@example.com")]
    [InlineData("NoSpecial123A", "9876501234", "asha@example.com")]
    [InlineData("Str0ng!Pass#2026", "5876501234", "asha@example.com")]
    [InlineData("Str0ng!Pass#2026", "98765", "asha@example.com")]
    [InlineData("Str0ng!Pass#2026", "9876501234", "not-an-email")]
    public async Task WeakPasswordOrBadContact_IsRefusedWithExitCode1(string password, string mobile, string email)
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var unique = Guid.NewGuid().ToString("N")[..8];
        var address = email.Contains('@', StringComparison.Ordinal) ? unique + email : email;

        var exit = await RunAsync(host, "--email", address, "--mobile", mobile, "--password", password, "--first-name", "A", "--last-name", "B");

        Assert.Equal(1, exit);
        Assert.Equal(0L, Count(host, $"SELECT COUNT(*) FROM users WHERE email_normalized = '{address.ToLowerInvariant()}'"));
    }

    internal static (string Email, string Mobile) UniqueContact() =>
        ($"boss-{Guid.NewGuid():N}@example.com", "9" + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture));

    private static Task<int> RunAsync(ApiHost host, params string[] args)
    {
        var command = host.Services.GetServices<ICliCommand>().Single(c => c.Name == "createsuperuser");
        return command.RunAsync(new ConfigurationBuilder().AddCommandLine(args).Build(), CancellationToken.None);
    }

    private static long Count(ApiHost host, string sql) => Convert.ToInt64(host.Database.Scalar(sql), CultureInfo.InvariantCulture);
}
