using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Access;

[Migration(202611230080, "Branches, features (with the default set) and per-user feature access")]
public sealed class M202611230080_CreateBranchesAndFeatures : SchemaMigration
{
    public M202611230080_CreateBranchesAndFeatures(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("branches").Exists())
        {
            Create.Table("branches")
                .WithColumn("branch_code").AsString(32).NotNullable().PrimaryKey("pk_branches")
                .WithColumn("name").AsString(100).NotNullable()
                .WithColumn("address").AsString(300).Nullable()
                .WithColumn("city").AsString(100).Nullable()
                .WithColumn("state").AsString(100).Nullable()
                .WithColumn("pincode").AsString(6).Nullable()
                .WithColumn("active").AsBoolean().NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("updated_at").AsCustom(Instant).NotNullable()
                .WithColumn("deleted_at").AsCustom(Instant).Nullable()
                .WithColumn("deleted_by").AsString(6).Nullable();
        }
        if (!Schema.Table("features").Exists())
        {
            Create.Table("features")
                .WithColumn("feature_code").AsString(64).NotNullable().PrimaryKey("pk_features")
                .WithColumn("name").AsString(100).NotNullable()
                .WithColumn("description").AsString(500).Nullable()
                .WithColumn("active").AsBoolean().NotNullable()
                .WithColumn("granted_by_default").AsBoolean().NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("updated_at").AsCustom(Instant).NotNullable()
                .WithColumn("deleted_at").AsCustom(Instant).Nullable()
                .WithColumn("deleted_by").AsString(6).Nullable();
            var now = Engine == Platform.Database.DatabaseProvider.Sqlite ? (object)"2026-11-23 00:00:00.000" : new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
            foreach (var (code, name, description) in new[]
            {
                ("kyc", "KYC onboarding", "Aadhaar, PAN, business and bank verification"),
                ("wallet", "Wallet", "Wallet balance and transfers"),
                ("recharge", "Mobile recharge", "Prepaid and postpaid recharges"),
                ("bill_payment", "Bill payment", "Credit card and utility bill payments"),
                ("reports", "Reports", "Transaction and business reports"),
            })
            {
                Insert.IntoTable("features").Row(new { feature_code = code, name, description, active = true, granted_by_default = true, created_at = now, updated_at = now });
            }
        }
        if (!Schema.Table("user_feature_access").Exists())
        {
            Create.Table("user_feature_access")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_user_feature_access")
                .WithColumn("feature_code").AsString(64).NotNullable().PrimaryKey("pk_user_feature_access")
                .WithColumn("granted").AsBoolean().NotNullable()
                .WithColumn("changed_by").AsString(6).Nullable()
                .WithColumn("updated_at").AsCustom(Instant).NotNullable();
        }
    }
}
