using CredbuzzPay.Api.Modules.Ledger.Contracts;
using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Ledger;

/// <summary>
/// The books (docs/ledger.md): accounts with their balances and holds, journal entries and their
/// postings, holds, idempotency records and per-account daily debit totals; the bank's own accounts.
/// </summary>
[Migration(202612010100, "Ledger: accounts, journal entries, postings, holds, idempotency, daily totals, system accounts")]
public sealed class M202612010100_CreateLedger : SchemaMigration
{
    public M202612010100_CreateLedger(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("ledger_accounts").Exists())
        {
            Create.Table("ledger_accounts")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_ledger_accounts")
                .WithColumn("account_number").AsString(12).NotNullable().Unique("ux_ledger_accounts_number")
                .WithColumn("kind").AsString(16).NotNullable()
                .WithColumn("status").AsString(8).NotNullable()
                .WithColumn("currency").AsString(3).NotNullable()
                .WithColumn("owner_id").AsCustom(Uuid).Nullable()
                .WithColumn("owner_code").AsString(16).Nullable()
                .WithColumn("branch_code").AsString(32).Nullable()
                .WithColumn("system_code").AsString(32).Nullable().Unique("ux_ledger_accounts_system_code")
                .WithColumn("balance_paise").AsInt64().NotNullable()
                .WithColumn("held_paise").AsInt64().NotNullable()
                .WithColumn("floor_paise").AsInt64().Nullable()
                .WithColumn("interest_rate_bp").AsInt32().NotNullable()
                .WithColumn("single_limit_paise").AsInt64().Nullable()
                .WithColumn("daily_limit_paise").AsInt64().Nullable()
                .WithColumn("term_months").AsInt32().Nullable()
                .WithColumn("matures_on").AsString(10).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("updated_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_ledger_accounts_owner").OnTable("ledger_accounts").OnColumn("owner_id").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ix_ledger_accounts_branch").OnTable("ledger_accounts").OnColumn("branch_code").Ascending().OnColumn("created_at").Ascending();
            // The five accounts of the first schema; later ones (branch cash) come with the migration that needed them.
            foreach (var (code, number) in SystemAccounts.All.Take(5))
            {
                Execute.Sql(InsertSystemAccount(Engine, code, number));
            }
        }

        if (!Schema.Table("ledger_entries").Exists())
        {
            Create.Table("ledger_entries")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_ledger_entries")
                .WithColumn("transaction_id").AsString(15).NotNullable().Unique("ux_ledger_entries_transaction_id")
                .WithColumn("entry_type").AsString(16).NotNullable()
                .WithColumn("status").AsString(12).NotNullable()
                .WithColumn("amount_paise").AsInt64().NotNullable()
                .WithColumn("fee_paise").AsInt64().NotNullable()
                .WithColumn("from_account_id").AsCustom(Uuid).Nullable()
                .WithColumn("to_account_id").AsCustom(Uuid).Nullable()
                .WithColumn("from_owner_id").AsCustom(Uuid).Nullable()
                .WithColumn("to_owner_id").AsCustom(Uuid).Nullable()
                .WithColumn("description").AsString(255).Nullable()
                .WithColumn("initiated_by").AsString(64).NotNullable()
                .WithColumn("payee_name").AsString(100).Nullable()
                .WithColumn("payee_account_masked").AsString(32).Nullable()
                .WithColumn("payee_ifsc").AsString(11).Nullable()
                .WithColumn("provider").AsString(32).Nullable()
                .WithColumn("provider_reference").AsString(64).Nullable()
                .WithColumn("failure_reason").AsString(200).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("processed_at").AsCustom(Instant).Nullable();
            Create.Index("ix_ledger_entries_from_owner").OnTable("ledger_entries").OnColumn("from_owner_id").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ix_ledger_entries_to_owner").OnTable("ledger_entries").OnColumn("to_owner_id").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ux_ledger_entries_provider_ref").OnTable("ledger_entries").OnColumn("provider").Ascending().OnColumn("provider_reference").Ascending()
                .WithOptions().Unique();
        }

        if (!Schema.Table("ledger_postings").Exists())
        {
            Create.Table("ledger_postings")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_ledger_postings")
                .WithColumn("entry_id").AsCustom(Uuid).NotNullable()
                .WithColumn("account_id").AsCustom(Uuid).NotNullable()
                .WithColumn("amount_paise").AsInt64().NotNullable()
                .WithColumn("balance_after_paise").AsInt64().NotNullable()
                .WithColumn("posted_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_ledger_postings_entry").OnTable("ledger_postings").OnColumn("entry_id");
            Create.Index("ix_ledger_postings_account").OnTable("ledger_postings").OnColumn("account_id").Ascending().OnColumn("posted_at").Ascending();
        }

        if (!Schema.Table("ledger_holds").Exists())
        {
            Create.Table("ledger_holds")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_ledger_holds")
                .WithColumn("account_id").AsCustom(Uuid).NotNullable()
                .WithColumn("entry_id").AsCustom(Uuid).NotNullable().Unique("ux_ledger_holds_entry")
                .WithColumn("amount_paise").AsInt64().NotNullable()
                .WithColumn("status").AsString(8).NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("resolved_at").AsCustom(Instant).Nullable();
            Create.Index("ix_ledger_holds_account").OnTable("ledger_holds").OnColumn("account_id").Ascending().OnColumn("status").Ascending();
        }

        if (!Schema.Table("ledger_idempotency").Exists())
        {
            Create.Table("ledger_idempotency")
                .WithColumn("owner").AsString(16).NotNullable().PrimaryKey("pk_ledger_idempotency")
                .WithColumn("idempotency_key").AsString(255).NotNullable().PrimaryKey("pk_ledger_idempotency")
                .WithColumn("request_hash").AsString(64).NotNullable()
                .WithColumn("status_code").AsInt32().Nullable()
                .WithColumn("content_type").AsString(100).Nullable()
                .WithColumn("location").AsString(500).Nullable()
                .WithColumn("response_body").AsString(int.MaxValue).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("expires_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_ledger_idempotency_expires").OnTable("ledger_idempotency").OnColumn("expires_at");
        }

        if (!Schema.Table("ledger_daily_totals").Exists())
        {
            Create.Table("ledger_daily_totals")
                .WithColumn("account_id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_ledger_daily_totals")
                .WithColumn("day").AsString(10).NotNullable().PrimaryKey("pk_ledger_daily_totals")
                .WithColumn("debited_paise").AsInt64().NotNullable();
        }
    }

    /// <summary>A system account's row, as SQL so each engine gets its own UUID literal (16 bytes on SQLite, text elsewhere).</summary>
    internal static string InsertSystemAccount(Platform.Database.DatabaseProvider engine, string code, string number)
    {
        var id = SystemAccounts.IdOf(code);
        var idLiteral = engine == Platform.Database.DatabaseProvider.Sqlite ? $"X'{Convert.ToHexString(id.ToByteArray())}'" : $"'{id:D}'";
        var at = engine switch
        {
            Platform.Database.DatabaseProvider.Sqlite => "'2026-12-01 00:00:00.000'",
            Platform.Database.DatabaseProvider.Postgres => "'2026-12-01 00:00:00+00'",
            _ => "'2026-12-01 00:00:00'",
        };
        return "INSERT INTO ledger_accounts (id, account_number, kind, status, currency, system_code, balance_paise, held_paise, floor_paise, " +
            $"interest_rate_bp, created_at, updated_at) VALUES ({idLiteral}, '{number}', 'SYSTEM', 'ACTIVE', 'INR', '{code}', 0, 0, NULL, 0, {at}, {at})";
    }
}
