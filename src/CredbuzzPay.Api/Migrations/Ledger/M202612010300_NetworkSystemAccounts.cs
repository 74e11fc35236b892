using CredbuzzPay.Api.Modules.Ledger.Contracts;

namespace CredbuzzPay.Api.Migrations.Ledger;

/// <summary>
/// The accounts of the wallet network and recharge (docs/wallets-and-recharge.md): the platform's float,
/// the aggregator's settlement, commission income and TDS payable.
/// </summary>
[FluentMigrator.Migration(202612010300, "Ledger: float, aggregator settlement, commission income and TDS payable accounts")]
public sealed class M202612010300_NetworkSystemAccounts : SchemaMigration
{
    public M202612010300_NetworkSystemAccounts(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        foreach (var code in new[] { SystemAccounts.WalletFloat, SystemAccounts.AggregatorSettlement, SystemAccounts.CommissionIncome, SystemAccounts.TdsPayable })
        {
            var number = SystemAccounts.All.First(a => a.Code == code).Number;
            Execute.Sql(M202612010100_CreateLedger.InsertSystemAccount(Engine, code, number));
        }
    }
}
