namespace CredbuzzPay.Api.Migrations.Recharge;

/// <summary>Mobile and DTH recharge (docs/wallets-and-recharge.md): operators, circles, the plan catalogue and purchases.</summary>
[FluentMigrator.Migration(202612010320, "Recharge: operators, circles, plans and purchases")]
public sealed class M202612010320_CreateRecharge : SchemaMigration
{
    public M202612010320_CreateRecharge(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("recharge_operators").Exists())
        {
            Create.Table("recharge_operators")
                .WithColumn("code").AsString(16).NotNullable().PrimaryKey("pk_recharge_operators")
                .WithColumn("name").AsString(64).NotNullable()
                .WithColumn("kind").AsString(8).NotNullable()
                .WithColumn("active").AsBoolean().NotNullable();
        }
        if (!Schema.Table("recharge_circles").Exists())
        {
            Create.Table("recharge_circles")
                .WithColumn("code").AsString(4).NotNullable().PrimaryKey("pk_recharge_circles")
                .WithColumn("name").AsString(64).NotNullable();
        }
        if (!Schema.Table("recharge_plans").Exists())
        {
            Create.Table("recharge_plans")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_recharge_plans")
                .WithColumn("operator_code").AsString(16).NotNullable()
                .WithColumn("circle_code").AsString(4).Nullable()
                .WithColumn("plan_type").AsString(8).NotNullable()
                .WithColumn("price_paise").AsInt64().NotNullable()
                .WithColumn("validity_days").AsInt32().Nullable()
                .WithColumn("data").AsString(64).Nullable()
                .WithColumn("talktime_paise").AsInt64().Nullable()
                .WithColumn("description").AsString(255).NotNullable()
                .WithColumn("active").AsBoolean().NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("updated_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_recharge_plans_operator").OnTable("recharge_plans").OnColumn("operator_code").Ascending().OnColumn("price_paise").Ascending();
        }
        if (!Schema.Table("recharge_purchases").Exists())
        {
            Create.Table("recharge_purchases")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_recharge_purchases")
                .WithColumn("purchase_id").AsString(15).NotNullable().Unique("ux_recharge_purchases_public")
                .WithColumn("payer_id").AsCustom(Uuid).NotNullable()
                .WithColumn("payer_code").AsString(16).NotNullable()
                .WithColumn("payer_tier").AsString(16).NotNullable()
                .WithColumn("distributor_id").AsCustom(Uuid).Nullable()
                .WithColumn("branch_code").AsString(32).Nullable()
                .WithColumn("plan_id").AsCustom(Uuid).NotNullable()
                .WithColumn("operator_code").AsString(16).NotNullable()
                .WithColumn("circle_code").AsString(4).Nullable()
                .WithColumn("subscriber").AsString(20).NotNullable()
                .WithColumn("amount_paise").AsInt64().NotNullable()
                .WithColumn("status").AsString(10).NotNullable()
                .WithColumn("pending_key").AsString(120).Nullable().Unique("ux_recharge_purchases_pending")
                .WithColumn("entry_id").AsCustom(Uuid).NotNullable().Unique("ux_recharge_purchases_entry")
                .WithColumn("aggregator").AsString(32).NotNullable()
                .WithColumn("operator_ref").AsString(64).Nullable()
                .WithColumn("failure_reason").AsString(200).Nullable()
                .WithColumn("commission_bp").AsInt32().NotNullable()
                .WithColumn("retailer_margin_bp").AsInt32().NotNullable()
                .WithColumn("distributor_margin_bp").AsInt32().NotNullable()
                .WithColumn("tds_bp").AsInt32().NotNullable()
                .WithColumn("retailer_paise").AsInt64().NotNullable()
                .WithColumn("retailer_tds_paise").AsInt64().NotNullable()
                .WithColumn("distributor_paise").AsInt64().NotNullable()
                .WithColumn("distributor_tds_paise").AsInt64().NotNullable()
                .WithColumn("platform_paise").AsInt64().NotNullable()
                .WithColumn("checks").AsInt32().NotNullable()
                .WithColumn("next_check_at").AsCustom(Instant).Nullable()
                .WithColumn("resolved_by").AsString(16).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("completed_at").AsCustom(Instant).Nullable();
            Create.Index("ix_recharge_purchases_payer").OnTable("recharge_purchases").OnColumn("payer_id").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ix_recharge_purchases_distributor").OnTable("recharge_purchases").OnColumn("distributor_id").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ix_recharge_purchases_status").OnTable("recharge_purchases").OnColumn("status").Ascending().OnColumn("next_check_at").Ascending();
            Create.Index("ix_recharge_purchases_branch").OnTable("recharge_purchases").OnColumn("branch_code").Ascending().OnColumn("created_at").Ascending();
        }
    }
}
