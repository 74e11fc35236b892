using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Passwords;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;


namespace CredbuzzPay.Api.Modules.Identity.Features.CreateSuperuser;

/// <summary>
/// <c>createsuperuser --email E --mobile M --password P --first-name F --last-name L</c>: creates a
/// <c>master_superadmin</c>. Missing values are prompted for when a terminal is attached; a weak
/// password, a bad email or mobile, or an email or mobile already in use is refused with exit code 1.
/// </summary>
internal sealed class CreateSuperuserCommand : ICliCommand
{
    private const string Actor = "system:createsuperuser";
    private readonly AppDbFactory _factory;
    private readonly PasswordHasher _hasher;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly ILogger<CreateSuperuserCommand> _logger;

    public CreateSuperuserCommand(AppDbFactory factory, PasswordHasher hasher, IServiceProvider services, TimeProvider clock, ILogger<CreateSuperuserCommand> logger)
    {
        _factory = factory;
        _hasher = hasher;
        _services = services;
        _clock = clock;
        _logger = logger;
    }

    public string Name => "createsuperuser";

    public string Description => "Create a master_superadmin (--email --mobile --password --first-name --last-name).";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        var interactive = !Console.IsInputRedirected;
        var input = new SuperuserInput(
            Ask(options, "email", "Email", interactive),
            Ask(options, "mobile", "Mobile", interactive),
            Ask(options, "password", "Password", interactive, secret: true),
            Ask(options, "first-name", "First name", interactive),
            Ask(options, "last-name", "Last name", interactive));
        if (interactive && options["password"] is null && input.Password is not null)
        {
            var again = Prompt("Password (again)", secret: true);
            if (again != input.Password)
            {
                return Fail(["password: the two entries differ."]);
            }
        }

        var problems = Validate(input, out var mobile);
        if (problems.Count > 0)
        {
            return Fail(problems);
        }

        var result = await CreateAsync(input, mobile, cancellationToken);
        if (result.Error is not null)
        {
            return Fail([result.Error]);
        }
        Console.WriteLine($"Created master_superadmin {result.UserCode} ({ContactFormats.NormalizeEmail(input.Email!)}).");
        return 0;
    }

    internal static List<string> Validate(SuperuserInput input, out string mobile)
    {
        var problems = new List<string>();
        mobile = "";
        if (!ContactFormats.IsEmail(input.Email?.Trim()))
        {
            problems.Add("email: enter a valid email address.");
        }
        if (!ContactFormats.TryNormalizeMobile(input.Mobile, out mobile))
        {
            problems.Add("mobile: enter a 10-digit Indian mobile number starting with 6-9 (optionally +91).");
        }
        problems.AddRange(PasswordPolicy.Check(input.Password, input.Email, mobile).Select(p => "password: " + p));
        if (string.IsNullOrWhiteSpace(input.FirstName) || input.FirstName.Trim().Length > 100)
        {
            problems.Add("first-name: required, at most 100 characters.");
        }
        if (string.IsNullOrWhiteSpace(input.LastName) || input.LastName.Trim().Length > 100)
        {
            problems.Add("last-name: required, at most 100 characters.");
        }
        return problems;
    }

    private async Task<(string? UserCode, string? Error)> CreateAsync(SuperuserInput input, string mobile, CancellationToken cancellationToken)
    {
        var email = ContactFormats.NormalizeEmail(input.Email!);
        var passwordHash = await _hasher.HashAsync(input.Password!, cancellationToken);
        await using var db = _factory.Create();
        using var scope = _services.CreateScope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        var now = _clock.GetUtcNow();
        try
        {
            var user = await UserCreation.CreateAsync(db, code => new UserAccount
            {
                Id = Guid.CreateVersion7(now),
                UserCode = code,
                Email = email,
                EmailNormalized = email,
                Mobile = mobile,
                FirstName = input.FirstName!.Trim(),
                LastName = input.LastName!.Trim(),
                PasswordHash = passwordHash,
                Role = Roles.MasterSuperadmin,
                Tier = Tiers.Customer,
                Status = UserStatuses.Active,
                EmailVerifiedAt = now.UtcDateTime,
                MobileVerifiedAt = now.UtcDateTime,
                PasswordChangedAt = now.UtcDateTime,
                CreatedAt = now.UtcDateTime,
                UpdatedAt = now.UtcDateTime,
            }, async created =>
            {
                await audit.RecordAsync(db, new AuditEvent("user.created", "user", created.UserCode,
                    new { role = created.Role, via = "createsuperuser" }, Actor), cancellationToken);
                return true;
            }, cancellationToken);
            _logger.LogInformation("user.created on {Target} by {Actor} (master_superadmin, {Email})", user!.UserCode, Actor, CredbuzzPay.Api.Platform.Privacy.Masks.Email(email));
            return (user.UserCode, null);
        }
        catch (ApiProblemException conflict) when (conflict.Errors is not null)
        {
            return (null, string.Join("; ", conflict.Errors.Select(e => $"{e.Key}: {e.Value[0]}")));
        }
    }

    private static string? Ask(IConfiguration options, string key, string label, bool interactive, bool secret = false)
    {
        var value = options[key];
        if (value is not null || !interactive)
        {
            return value;
        }
        return Prompt(label, secret);
    }

    private static string? Prompt(string label, bool secret)
    {
        Console.Write($"{label}: ");
        if (!secret)
        {
            return Console.ReadLine();
        }
        var buffer = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.WriteLine();
                return buffer.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (buffer.Length > 0)
                {
                    buffer.Length--;
                }
                continue;
            }
            if (!char.IsControl(key.KeyChar))
            {
                buffer.Append(key.KeyChar);
            }
        }
    }

    private static int Fail(IEnumerable<string> problems)
    {
        Console.Error.WriteLine("createsuperuser refused:");
        foreach (var problem in problems)
        {
            Console.Error.WriteLine("  " + problem);
        }
        return 1;
    }
}

internal sealed record SuperuserInput(string? Email, string? Mobile, string? Password, string? FirstName, string? LastName);
