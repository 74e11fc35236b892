using CredbuzzPay.Api.Modules.Ledger.Contracts;

namespace CredbuzzPay.Api.Migrations.BillPay;

/// <summary>Bill payments (docs/bill-payments.md): billers, fetched bills and payments; and the ledger's biller settlement account.</summary>
[FluentMigrator.Migration(202612010330, "Bill payments: billers, fetches, payments; biller settlement account")]
public sealed class M202612010330_CreateBillPay : SchemaMigration
{
    public M202612010330_CreateBillPay(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        Execute.Sql(Ledger.M202612010100_CreateLedger.InsertSystemAccount(Engine, SystemAccounts.BillerSettlement,
            SystemAccounts.All.First(a => a.Code == SystemAccounts.BillerSettlement).Number));
        if (!Schema.Table("billers").Exists())
        {
            Create.Table("billers")
                .WithColumn("biller_id").AsString(32).NotNullable().PrimaryKey("pk_billers")
                .WithColumn("name").AsString(100).NotNullable()
                .WithColumn("category_code").AsString(24).NotNullable()
                .WithColumn("customer_params").AsString(2000).NotNullable()
                .WithColumn("fetch_supported").AsBoolean().NotNullable()
                .WithColumn("part_payment").AsBoolean().NotNullable()
                .WithColumn("min_amount_paise").AsInt64().NotNullable()
                .WithColumn("max_amount_paise").AsInt64().NotNullable()
                .WithColumn("payment_modes").AsString(32).NotNullable()
                .WithColumn("fee_type").AsString(12).NotNullable()
                .WithColumn("fee_value").AsInt64().NotNullable()
                .WithColumn("retailer_margin_bp").AsInt32().NotNullable()
                .WithColumn("featured").AsBoolean().NotNullable()
                .WithColumn("active").AsBoolean().NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("updated_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_billers_category").OnTable("billers").OnColumn("category_code").Ascending().OnColumn("name").Ascending();
        }
        if (!Schema.Table("bill_fetches").Exists())
        {
            Create.Table("bill_fetches")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_bill_fetches")
                .WithColumn("fetch_id").AsString(15).NotNullable().Unique("ux_bill_fetches_public")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("biller_id").AsString(32).NotNullable()
                .WithColumn("params_hash").AsString(64).NotNullable()
                .WithColumn("customer_name").AsString(100).NotNullable()
                .WithColumn("bill_amount_paise").AsInt64().NotNullable()
                .WithColumn("minimum_due_paise").AsInt64().Nullable()
                .WithColumn("bill_number").AsString(32).NotNullable()
                .WithColumn("bill_date").AsString(10).NotNullable()
                .WithColumn("due_date").AsString(10).NotNullable()
                .WithColumn("valid_until").AsCustom(Instant).NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
        }
        if (!Schema.Table("bill_payments").Exists())
        {
            Create.Table("bill_payments")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_bill_payments")
                .WithColumn("payment_id").AsString(15).NotNullable().Unique("ux_bill_payments_public")
                .WithColumn("reference").AsString(12).NotNullable().Unique("ux_bill_payments_reference")
                .WithColumn("payer_id").AsCustom(Uuid).NotNullable()
                .WithColumn("payer_code").AsString(16).NotNullable()
                .WithColumn("payer_tier").AsString(16).NotNullable()
                .WithColumn("branch_code").AsString(32).Nullable()
                .WithColumn("biller_id").AsString(32).NotNullable()
                .WithColumn("params_encrypted").AsBinary(int.MaxValue).NotNullable()
                .WithColumn("params_masked").AsString(1000).NotNullable()
                .WithColumn("amount_paise").AsInt64().NotNullable()
                .WithColumn("fee_paise").AsInt64().NotNullable()
                .WithColumn("margin_paise").AsInt64().NotNullable()
                .WithColumn("pay_from").AsString(8).NotNullable()
                .WithColumn("account_id").AsCustom(Uuid).NotNullable()
                .WithColumn("status").AsString(10).NotNullable()
                .WithColumn("entry_id").AsCustom(Uuid).NotNullable().Unique("ux_bill_payments_entry")
                .WithColumn("provider").AsString(32).NotNullable()
                .WithColumn("biller_ref").AsString(64).Nullable()
                .WithColumn("failure_reason").AsString(200).Nullable()
                .WithColumn("fetch_id").AsString(15).Nullable()
                .WithColumn("checks").AsInt32().NotNullable()
                .WithColumn("next_check_at").AsCustom(Instant).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("paid_at").AsCustom(Instant).Nullable();
            Create.Index("ix_bill_payments_payer").OnTable("bill_payments").OnColumn("payer_id").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ix_bill_payments_status").OnTable("bill_payments").OnColumn("status").Ascending().OnColumn("next_check_at").Ascending();
        }
    }
}
