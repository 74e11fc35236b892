using System.Security.Cryptography;
using CredbuzzPay.Api.Platform.Database;
using Microsoft.Extensions.Hosting;

namespace CredbuzzPay.Api.Platform.Cli;

/// <summary>A demo user the identity seeder made, for the other seeders to refer to.</summary>
public sealed record DemoUser(Guid Id, string UserCode, string BranchCode);

/// <summary>What the seeders share: the sizes asked for, the branches and users made so far, one clock reading.</summary>
public sealed class DemoSeedContext
{
    public required int Users { get; init; }

    public required int AuditRows { get; init; }

    public required DateTime Now { get; init; }

    /// <summary>The command line's options, for a module's own sizes (<c>--ledger-accounts</c>).</summary>
    public IConfiguration? Options { get; init; }

    public List<string> Branches { get; } = [];

    public List<DemoUser> SeededUsers { get; } = [];

    /// <summary>A uniform pick in [0, max) from the CSPRNG (the analysers forbid System.Random everywhere, demo data included).</summary>
    public static int Pick(int max) => RandomNumberGenerator.GetInt32(max);
}

/// <summary>One module's share of the demo data, in its own tables; seeders run by <see cref="Order"/>.</summary>
public interface IDemoSeeder
{
    int Order { get; }

    Task<string> SeedAsync(AppDb db, DemoSeedContext context, CancellationToken cancellationToken);
}

/// <summary>
/// <c>seed-demo --users N [--audit-rows M]</c>: fills the database with a realistic volume of demo
/// data (branches, users with login history, KYC sections, audit rows on a valid hash chain, security
/// signals) for trying reports and measuring them (docs/benchmarks.md). Refused in Production.
/// </summary>
internal sealed class SeedDemoCommand : ICliCommand
{
    private readonly AppDbFactory _factory;
    private readonly IEnumerable<IDemoSeeder> _seeders;
    private readonly IHostEnvironment _environment;
    private readonly TimeProvider _clock;

    public SeedDemoCommand(AppDbFactory factory, IEnumerable<IDemoSeeder> seeders, IHostEnvironment environment, TimeProvider clock)
    {
        _factory = factory;
        _seeders = seeders;
        _environment = environment;
        _clock = clock;
    }

    public string Name => "seed-demo";

    public string Description => "Fill the database with demo data: --users N (default 1000), --audit-rows M (default 10 per user), --ledger-accounts K (default one per five users, at most 2000). Not in Production.";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        if (_environment.IsProduction())
        {
            await Console.Error.WriteLineAsync("seed-demo refuses to run in Production.");
            return 1;
        }
        if (!int.TryParse(options["users"] ?? "1000", out var users) || users is < 1 or > 5_000_000)
        {
            await Console.Error.WriteLineAsync("--users must be a whole number from 1 to 5000000.");
            return 1;
        }
        if (!int.TryParse(options["audit-rows"] ?? (users * 10L).ToString(System.Globalization.CultureInfo.InvariantCulture), out var audit) || audit is < 0 or > 50_000_000)
        {
            await Console.Error.WriteLineAsync("--audit-rows must be a whole number from 0 to 50000000.");
            return 1;
        }
        var context = new DemoSeedContext { Users = users, AuditRows = audit, Now = _clock.GetUtcNow().UtcDateTime, Options = options };
        await using var db = _factory.Create();
        db.CommandTimeout = 0;
        foreach (var seeder in _seeders.OrderBy(s => s.Order))
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var done = await seeder.SeedAsync(db, context, cancellationToken);
            Console.WriteLine($"{done} ({System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)");
        }
        return 0;
    }
}
