using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Recharge.Catalogue;

/// <summary><c>populate-plans</c>: seed 002's command, safe to run again (it adds only what is missing).</summary>
internal sealed class PopulatePlansCommand : ICliCommand
{
    private readonly AppDbFactory _factory;
    private readonly TimeProvider _clock;

    public PopulatePlansCommand(AppDbFactory factory, TimeProvider clock)
    {
        _factory = factory;
        _clock = clock;
    }

    public string Name => "populate-plans";

    public string Description => "Load the recharge operators, the 22 telecom circles and a sample plan catalogue; running it again adds only what is missing.";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        var (operators, circles, plans) = await PlanCatalogue.PopulateAsync(db, _clock.GetUtcNow().UtcDateTime, cancellationToken);
        Console.WriteLine($"Recharge catalogue: {operators} operator(s), {circles} circle(s) and {plans} plan(s) added.");
        return 0;
    }
}
