using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Migrations.Ledger;

/// <summary>
/// Banking operations on the books (docs/ledger.md): daily interest accruals and their periodic postings,
/// the maker-checker approval requests of staff movements, reversal links between entries, and where a
/// fixed deposit pays out at maturity.
/// </summary>
[FluentMigrator.Migration(202612010200, "Ledger: interest accruals and postings, approvals, reversals, fixed deposit payout account")]
public sealed class M202612010200_BankingOperations : SchemaMigration
{
    public M202612010200_BankingOperations(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("ledger_interest_accruals").Exists())
        {
            // One row per account and Asia/Kolkata day: the day's closing balance, the rate that applied, and
            // balance × rate (in units of 1/3,650,000 of a paisa: rate in hundredths of a percent over 365 days), exact.
            Create.Table("ledger_interest_accruals")
                .WithColumn("account_id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_ledger_interest_accruals")
                .WithColumn("day").AsString(10).NotNullable().PrimaryKey("pk_ledger_interest_accruals")
                .WithColumn("closing_balance_paise").AsInt64().NotNullable()
                .WithColumn("rate_bp").AsInt32().NotNullable()
                .WithColumn("units").AsInt64().NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
            // The posting sums a batch of accounts' month: from this index alone (account, day, units), not from a row per day
            // scattered over the table's pages.
            Create.Index("ix_ledger_interest_accruals_units").OnTable("ledger_interest_accruals")
                .OnColumn("account_id").Ascending().OnColumn("day").Ascending().OnColumn("units").Ascending();
        }

        if (!Schema.Table("ledger_interest_postings").Exists())
        {
            // One row per account and period: what was accrued (with the fraction carried in), paid, and carried on, and the
            // day it pays through: an accrual is paid once a posting's through_day reaches its day (accruals are never updated).
            Create.Table("ledger_interest_postings")
                .WithColumn("account_id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_ledger_interest_postings")
                .WithColumn("period").AsString(16).NotNullable().PrimaryKey("pk_ledger_interest_postings")
                .WithColumn("units").AsInt64().NotNullable()
                .WithColumn("paid_paise").AsInt64().NotNullable()
                .WithColumn("carry_units").AsInt64().NotNullable()
                .WithColumn("through_day").AsString(10).NotNullable()
                .WithColumn("entry_id").AsCustom(Uuid).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
        }

        if (!Schema.Table("ledger_interest_runs").Exists())
        {
            // The Asia/Kolkata days whose close (accrual, posting, maturities) has run to the end.
            Create.Table("ledger_interest_runs")
                .WithColumn("day").AsString(10).NotNullable().PrimaryKey("pk_ledger_interest_runs")
                .WithColumn("accounts").AsInt32().NotNullable()
                .WithColumn("completed_at").AsCustom(Instant).NotNullable();
        }

        if (!Schema.Table("ledger_approvals").Exists())
        {
            Create.Table("ledger_approvals")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_ledger_approvals")
                .WithColumn("approval_id").AsString(16).NotNullable().Unique("ux_ledger_approvals_public")
                .WithColumn("action").AsString(16).NotNullable()
                .WithColumn("status").AsString(16).NotNullable()
                .WithColumn("account_id").AsCustom(Uuid).NotNullable()
                .WithColumn("branch_code").AsString(32).Nullable()
                .WithColumn("amount_paise").AsInt64().NotNullable()
                .WithColumn("transaction_type").AsString(16).Nullable()
                .WithColumn("direction").AsString(6).Nullable()
                .WithColumn("target_entry_id").AsCustom(Uuid).Nullable()
                .WithColumn("reason").AsString(255).NotNullable()
                .WithColumn("maker_id").AsCustom(Uuid).NotNullable()
                .WithColumn("maker_code").AsString(16).NotNullable()
                .WithColumn("maker_role").AsString(32).NotNullable()
                .WithColumn("checker_id").AsCustom(Uuid).Nullable()
                .WithColumn("checker_code").AsString(16).Nullable()
                .WithColumn("decision_reason").AsString(255).Nullable()
                .WithColumn("entry_id").AsCustom(Uuid).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("expires_at").AsCustom(Instant).NotNullable()
                .WithColumn("decided_at").AsCustom(Instant).Nullable();
            Create.Index("ix_ledger_approvals_status").OnTable("ledger_approvals").OnColumn("status").Ascending().OnColumn("created_at").Ascending();
            // A reversal is asked for at most once while it is open or done (the approval path checks it; this index makes it so).
            Create.Index("ix_ledger_approvals_target").OnTable("ledger_approvals").OnColumn("target_entry_id").Ascending();
        }

        if (!Schema.Table("ledger_held_payouts").Exists())
        {
            // A payout held for fraud review keeps its beneficiary sealed (AES-GCM) until it is released or rejected, then the row goes.
            Create.Table("ledger_held_payouts")
                .WithColumn("entry_id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_ledger_held_payouts")
                .WithColumn("beneficiary_encrypted").AsBinary(int.MaxValue).NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
        }

        if (!Schema.Table("ledger_entries").Column("reversal_of").Exists())
        {
            Alter.Table("ledger_entries")
                .AddColumn("reversal_of").AsCustom(Uuid).Nullable()
                .AddColumn("reversed_by").AsCustom(Uuid).Nullable();
            Create.Index("ix_ledger_entries_status").OnTable("ledger_entries").OnColumn("status").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ux_ledger_entries_reversal_of").OnTable("ledger_entries").OnColumn("reversal_of").Ascending().WithOptions().Unique();
        }
        if (Engine != DatabaseProvider.Sqlite)
        {
            // PENDING_REVIEW (a debit held for fraud review) is longer than the first statuses; SQLite does not enforce lengths.
            Alter.Column("status").OnTable("ledger_entries").AsString(16).NotNullable();
        }

        // Cash held at the branches: the teller's DEPOSIT and WITHDRAWAL move money between it and the customer.
        Execute.Sql(M202612010100_CreateLedger.InsertSystemAccount(Engine, Modules.Ledger.Contracts.SystemAccounts.BranchCash, "SYS000000067"));

        if (!Schema.Table("ledger_accounts").Column("payout_account_id").Exists())
        {
            Alter.Table("ledger_accounts")
                .AddColumn("payout_account_id").AsCustom(Uuid).Nullable()
                .AddColumn("closed_at").AsCustom(Instant).Nullable();
        }
    }
}
