using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Identity;

[Migration(202611230020, "Users")]
public sealed class M202611230020_CreateUsers : SchemaMigration
{
    public M202611230020_CreateUsers(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (Schema.Table("users").Exists())
        {
            return;
        }
        Create.Table("users")
            .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_users")
            .WithColumn("user_code").AsString(6).NotNullable().Unique("ux_users_user_code")
            .WithColumn("email").AsString(254).NotNullable()
            .WithColumn("email_normalized").AsString(254).NotNullable().Unique("ux_users_email")
            .WithColumn("mobile").AsString(16).NotNullable().Unique("ux_users_mobile")
            .WithColumn("first_name").AsString(100).NotNullable()
            .WithColumn("last_name").AsString(100).NotNullable()
            .WithColumn("password_hash").AsString(255).NotNullable()
            .WithColumn("role").AsString(32).NotNullable()
            .WithColumn("tier").AsString(16).NotNullable()
            .WithColumn("branch_code").AsString(16).Nullable()
            .WithColumn("status").AsString(16).NotNullable()
            .WithColumn("kyc_status").AsString(24).NotNullable()
            .WithColumn("email_verified_at").AsCustom(Instant).Nullable()
            .WithColumn("mobile_verified_at").AsCustom(Instant).Nullable()
            .WithColumn("password_changed_at").AsCustom(Instant).NotNullable()
            .WithColumn("created_at").AsCustom(Instant).NotNullable()
            .WithColumn("updated_at").AsCustom(Instant).NotNullable()
            .WithColumn("deleted_at").AsCustom(Instant).Nullable()
            .WithColumn("deleted_by").AsString(64).Nullable();
        Create.Index("ix_users_role").OnTable("users").OnColumn("role");
        Create.Index("ix_users_branch").OnTable("users").OnColumn("branch_code");
        Create.Index("ix_users_created_at").OnTable("users").OnColumn("created_at");
    }
}
