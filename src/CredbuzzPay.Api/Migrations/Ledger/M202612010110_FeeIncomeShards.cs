using CredbuzzPay.Api.Modules.Ledger.Contracts;

namespace CredbuzzPay.Api.Migrations.Ledger;

/// <summary>Seven more fee income accounts: fee income is credited by almost every entry, so it is kept in eight shards (docs/ledger.md).</summary>
[FluentMigrator.Migration(202612010110, "Ledger: fee income shards")]
public sealed class M202612010110_FeeIncomeShards : SchemaMigration
{
    public M202612010110_FeeIncomeShards(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        foreach (var (code, number) in SystemAccounts.FeeIncomeShards)
        {
            Execute.Sql(M202612010100_CreateLedger.InsertSystemAccount(Engine, code, number));
        }
    }
}
