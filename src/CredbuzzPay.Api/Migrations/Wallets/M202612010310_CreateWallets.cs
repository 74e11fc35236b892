namespace CredbuzzPay.Api.Migrations.Wallets;

/// <summary>
/// The wallet network (docs/wallets-and-recharge.md): which ledger WALLET account is whose (with the tier and
/// branch staff filter by), and the margins, versioned (a row is never edited but to close it).
/// </summary>
[FluentMigrator.Migration(202612010310, "Wallets: wallets and versioned margins")]
public sealed class M202612010310_CreateWallets : SchemaMigration
{
    public M202612010310_CreateWallets(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("wallets").Exists())
        {
            Create.Table("wallets")
                .WithColumn("account_id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_wallets")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable().Unique("ux_wallets_user")
                .WithColumn("user_code").AsString(16).NotNullable()
                .WithColumn("account_number").AsString(12).NotNullable()
                .WithColumn("tier").AsString(16).NotNullable()
                .WithColumn("branch_code").AsString(32).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_wallets_branch").OnTable("wallets").OnColumn("branch_code").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ix_wallets_created").OnTable("wallets").OnColumn("created_at").Ascending();
        }

        if (!Schema.Table("wallet_margins").Exists())
        {
            Create.Table("wallet_margins")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_wallet_margins")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("user_code").AsString(16).NotNullable()
                // An operator's code, or * for every operator without a margin of its own.
                .WithColumn("operator_code").AsString(16).NotNullable()
                // Hundredths of a percent: 250 = 2.50 %.
                .WithColumn("margin_bp").AsInt32().NotNullable()
                .WithColumn("valid_from").AsCustom(Instant).NotNullable()
                .WithColumn("valid_to").AsCustom(Instant).Nullable()
                .WithColumn("set_by").AsString(16).NotNullable();
            Create.Index("ix_wallet_margins_user").OnTable("wallet_margins").OnColumn("user_id").Ascending().OnColumn("operator_code").Ascending()
                .OnColumn("valid_from").Ascending();
        }
    }
}
