using System.Reflection;

namespace CredbuzzPay.ArchitectureTests;

public sealed class ArchitectureTests
{
    private static readonly Assembly Product = typeof(Program).Assembly;
    private static readonly Assembly Fixtures = typeof(ArchitectureTests).Assembly;
    private const string FixtureModules = "CredbuzzPay.ArchitectureTests.Fixtures.Modules";

    [Fact]
    public void Modules_UseEachOtherOnlyThroughContracts()
    {
        Assert.Empty(ArchitectureRules.ModuleIsolationViolations(Product, "CredbuzzPay.Api.Modules"));
    }

    [Fact]
    public void ModuleIsolationRule_Bites_OnAModuleThatReadsAnotherModulesTable()
    {
        var violations = ArchitectureRules.ModuleIsolationViolations(Fixtures, FixtureModules);

        var violation = Assert.Single(violations);
        Assert.Contains("Fixtures.Modules.Billing.InvoiceHandler", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Platform_DoesNotDependOnAnyModule()
    {
        Assert.Empty(ArchitectureRules.PlatformIndependenceViolations(Product, "CredbuzzPay.Api.Platform", "CredbuzzPay.Api.Modules"));
    }

    [Fact]
    public void PlatformRule_Bites_OnPlumbingThatKnowsAModule()
    {
        var violations = ArchitectureRules.PlatformIndependenceViolations(Fixtures, "CredbuzzPay.ArchitectureTests.Fixtures.Platform", FixtureModules);

        Assert.Equal(["CredbuzzPay.ArchitectureTests.Fixtures.Platform.LeakyScheduler"], violations);
    }

    [Fact]
    public void TableClasses_AreNeverPublic()
    {
        Assert.Empty(ArchitectureRules.PublicTableViolations(Product));
    }

    [Fact]
    public void TableRule_Bites_OnAPublicTableClass()
    {
        Assert.Equal(["CredbuzzPay.ArchitectureTests.Fixtures.Modules.Ledger.Data.PublicLedgerRow"], ArchitectureRules.PublicTableViolations(Fixtures));
    }
}
