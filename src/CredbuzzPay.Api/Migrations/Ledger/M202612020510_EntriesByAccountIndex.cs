using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Ledger;

/// <summary>
/// The staff transactions list (`GET admin/transactions/`, the console's /admin/transactions) finds entries by the
/// account they touch: one account's (the account_number filter) and a branch admin's (the accounts of the branch).
/// The owner indexes serve a customer's own list; these serve the account side, newest first.
/// </summary>
[Migration(202612020510, "Ledger: entries by account")]
public sealed class M202612020510_EntriesByAccountIndex : SchemaMigration
{
    public M202612020510_EntriesByAccountIndex(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("ledger_entries").Index("ix_ledger_entries_from_account").Exists())
        {
            Create.Index("ix_ledger_entries_from_account").OnTable("ledger_entries").OnColumn("from_account_id").Ascending().OnColumn("created_at").Ascending();
        }
        if (!Schema.Table("ledger_entries").Index("ix_ledger_entries_to_account").Exists())
        {
            Create.Index("ix_ledger_entries_to_account").OnTable("ledger_entries").OnColumn("to_account_id").Ascending().OnColumn("created_at").Ascending();
        }
    }
}
