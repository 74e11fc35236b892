using LinqToDB.Mapping;

// Deliberate rule breakers, so each architecture rule is shown to fail when it should.
namespace CredbuzzPay.ArchitectureTests.Fixtures.Modules.Ledger.Data
{
    [Table("ledger_rows")]
    internal sealed class LedgerRow
    {
        [Column("id")] public int Id { get; set; }
    }

    [Table("public_ledger_rows")]
    public sealed class PublicLedgerRow
    {
        [Column("id")] public int Id { get; set; }
    }
}

namespace CredbuzzPay.ArchitectureTests.Fixtures.Modules.Ledger.Contracts
{
    public interface IBalances
    {
        long BalanceOf(string userCode);
    }
}

namespace CredbuzzPay.ArchitectureTests.Fixtures.Modules.Billing
{
    using CredbuzzPay.ArchitectureTests.Fixtures.Modules.Ledger.Contracts;
    using CredbuzzPay.ArchitectureTests.Fixtures.Modules.Ledger.Data;

    // Breaks the rule: reads the ledger's table.
    internal sealed class InvoiceHandler
    {
        public int Read(LedgerRow row) => row.Id;
    }

    // Keeps the rule: goes through the ledger's contract.
    internal sealed class StatementHandler
    {
        public long Read(IBalances balances) => balances.BalanceOf("ABC123");
    }
}

namespace CredbuzzPay.ArchitectureTests.Fixtures.Platform
{
    using CredbuzzPay.ArchitectureTests.Fixtures.Modules.Ledger.Contracts;

    // Breaks the rule: plumbing that knows a module.
    internal sealed class LeakyScheduler
    {
        public IBalances? Balances { get; set; }
    }

    internal sealed class CleanScheduler
    {
        public int Interval { get; set; }
    }
}
