using CredbuzzPay.Api.Modules.Ledger.Contracts;

namespace CredbuzzPay.Api.Migrations.Ledger;

/// <summary>
/// Seven more fee income accounts: fee income is credited by almost every entry, so it is kept in eight
/// shards (docs/ledger.md). And an index for the staff's unfiltered account list (newest first).
/// </summary>
[FluentMigrator.Migration(202612010110, "Ledger: fee income shards, accounts by opening time")]
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
        if (!Schema.Table("ledger_accounts").Index("ix_ledger_accounts_created").Exists())
        {
            Create.Index("ix_ledger_accounts_created").OnTable("ledger_accounts").OnColumn("created_at").Ascending();
        }
    }
}
