using CredbuzzPay.Api.Platform;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using CredbuzzPay.Tests.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CredbuzzPay.Tests.Platform;

public sealed record ProbeRequest(string? Name, int Amount);

internal sealed class ProbeRequestValidator : AbstractValidator<ProbeRequest>
{
    public ProbeRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("Enter a name.").MaximumLength(20);
        RuleFor(r => r.Amount).InclusiveBetween(1, 1000).WithMessage("Must be from 1 to 1000.");
    }
}

/// <summary>
/// The platform's own pipeline (AddPlatform + UsePlatform, exactly as Program wires it) on Kestrel,
/// with a few probe endpoints that exercise the conventions every module relies on.
/// </summary>
public sealed class ProbeHost : IAsyncDisposable
{
    public const string Secret = "password=Hunter2!xyz aadhaar 2345 6789 0123";

    private readonly TestDatabase _database;
    private bool _stopped;

    private ProbeHost(WebApplication app, Uri address, string logDirectory, TestDatabase database)
    {
        _database = database;
        App = app;
        Address = address;
        LogDirectory = logDirectory;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public string LogDirectory { get; }

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    public static async Task<ProbeHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var database = TestDatabase.Create(TestEngines.Sqlite);
        var logDirectory = Path.Combine(database.Directory, "logs");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        var values = TestFiles.HostSettings(database);
        values["Jobs:Enabled"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(values);
        builder.AddPlatform();
        builder.Services.AddSingleton<IValidator<ProbeRequest>, ProbeRequestValidator>();

        var app = builder.Build();
        app.UsePlatform();
        var probe = app.MapGroup("/api/v1/probe");
        probe.MapPost("/echo", (ProbeRequest request) => TypedResults.Ok(request)).Validate<ProbeRequest>().AllowAnonymous();
        probe.MapGet("/items", ([AsParameters] PageQuery paging, HttpRequest http) =>
        {
            var page = PageRequest.From(paging);
            var all = Enumerable.Range(1, 47).ToList();
            return TypedResults.Ok(page.ToPaged(http, all.Count, all.Skip(page.Skip).Take(page.PageSize).ToList()));
        }).AllowAnonymous();
        probe.MapGet("/boom", IResult () => throw new InvalidOperationException("failed with " + Secret)).AllowAnonymous();
        probe.MapGet("/conflict", IResult () => throw ApiProblemException.Conflict("email", "This email is already registered.")).AllowAnonymous();
        probe.MapGet("/missing", IResult () => throw ApiProblemException.NotFound()).AllowAnonymous();
        probe.MapGet("/private", (HttpContext http) => TypedResults.Ok(new { user_code = http.User.FindFirst("user_code")?.Value }));
        probe.MapGet("/staff", () => TypedResults.Ok(new { staff = true })).RequireAuthorization(policy => policy.RequireRole("admin"));
        probe.MapGet("/unprocessable", IResult () => throw ApiProblemException.Unprocessable("KYC must be verified first.")).AllowAnonymous();
        probe.MapPost("/upload", async (HttpRequest http) =>
        {
            using var reader = new StreamReader(http.Body);
            return TypedResults.Ok(new { length = (await reader.ReadToEndAsync()).Length });
        }).AllowAnonymous().AllowBodySize(8192).Accepts<string>("text/plain");
        probe.MapPost("/log", (ILoggerFactory loggers) =>
        {
            LogSecrets(loggers);
            return TypedResults.NoContent();
        }).AllowAnonymous();

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ProbeHost(app, new Uri(address), logDirectory, database);
    }

    // Every way a careless developer could put a secret into a log line.
    private static void LogSecrets(ILoggerFactory loggers)
    {
        var auth = loggers.CreateLogger("CredbuzzPay.Api.Modules.Identity.Features.Login.LoginHandler");
        var otp = loggers.CreateLogger("CredbuzzPay.Api.Modules.Identity.Otp.OtpService");
        var kyc = loggers.CreateLogger("CredbuzzPay.Api.Modules.Kyc.Features.Aadhaar.SubmitAadhaar");
        var password = "Sup3r$ecretPw!";
        var code = "482913";
        var jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJBQkMxMjMifQ.c2lnbmF0dXJlc2lnbmF0dXJl";
#pragma warning disable CA2254 // The interpolated template is the mistake this test makes on purpose.
        auth.LogInformation("Login attempt for {UserCode} with {Password}", "ABC123", password);
        auth.LogInformation($"Login attempt body password={password} token {jwt}");
        auth.LogWarning("Refresh presented {Value}", new { refresh_token = "opaque-refresh-token-value-123456", user_code = "ABC123" });
        otp.LogInformation("OTP {Code} generated for login", code);
        otp.LogInformation("Your OTP is {Value}", code);
        kyc.LogInformation($"Aadhaar 2345 6789 0123 and PAN ABCPE1234F with account 001234567890123 submitted");
        kyc.LogInformation("Bank details {@Details}", new { AccountNumber = "123456789012345", Ifsc = "SBIN0001234" });
        kyc.LogError(new InvalidOperationException($"verification failed for aadhaar 234567890123, otp={code}"), "KYC provider failed");
#pragma warning restore CA2254
    }

    public static readonly string[] LoggedSecrets =
    [
        "Sup3r$ecretPw!", "482913", "eyJhbGciOiJIUzI1NiJ9", "opaque-refresh-token-value-123456",
        "2345 6789 0123", "ABCPE1234F", "001234567890123", "123456789012345", "234567890123", "Hunter2",
    ];

    /// <summary>An access token signed with the host's key, as the identity module will issue them.</summary>
    public string Token(string userCode, string role, TimeSpan? lifetime = null)
    {
        var keys = App.Services.GetRequiredService<CredbuzzPay.Api.Platform.Secrets.KeyRing>();
        var jwt = App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CredbuzzPay.Api.Platform.Security.JwtOptions>>().Value;
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(15));
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = expires < now ? expires.AddMinutes(-15) : now,
            NotBefore = expires < now ? expires.AddMinutes(-15) : now,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["user_code"] = userCode, ["role"] = role },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(keys.Get(CredbuzzPay.Api.Platform.Secrets.KeyNames.JwtSigning).ToArray()),
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
    }

    public string ReadLog(string file) => TestFiles.ReadShared(Path.Combine(LogDirectory, file + ".log"));

    /// <summary>Stops the service (its log files are then complete); the scratch folder stays until disposal.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _database.Dispose();
    }
}
