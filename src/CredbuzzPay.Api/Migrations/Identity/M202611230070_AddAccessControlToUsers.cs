using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Identity;

[Migration(202611230070, "Users: timed blocks, parent distributor; platforms and per-user platform access")]
public sealed class M202611230070_AddAccessControlToUsers : SchemaMigration
{
    public M202611230070_AddAccessControlToUsers(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("users").Column("blocked_until").Exists())
        {
            Alter.Table("users")
                .AddColumn("blocked_until").AsCustom(Instant).Nullable()
                .AddColumn("block_reason").AsString(500).Nullable()
                .AddColumn("blocked_by").AsString(6).Nullable()
                .AddColumn("parent_user_id").AsCustom(Uuid).Nullable();
            Create.Index("ix_users_status_blocked_until").OnTable("users").OnColumn("status").Ascending().OnColumn("blocked_until").Ascending();
            Create.Index("ix_users_parent").OnTable("users").OnColumn("parent_user_id");
        }
        if (!Schema.Table("platforms").Exists())
        {
            Create.Table("platforms")
                .WithColumn("platform").AsString(16).NotNullable().PrimaryKey("pk_platforms")
                .WithColumn("name").AsString(100).NotNullable()
                .WithColumn("active").AsBoolean().NotNullable();
            foreach (var (code, name) in new[] { ("web", "Web"), ("mobile_app", "Mobile app"), ("admin_panel", "Admin panel"), ("api", "API") })
            {
                Insert.IntoTable("platforms").Row(new { platform = code, name, active = true });
            }
        }
        if (!Schema.Table("user_platform_access").Exists())
        {
            Create.Table("user_platform_access")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_user_platform_access")
                .WithColumn("platform").AsString(16).NotNullable().PrimaryKey("pk_user_platform_access")
                .WithColumn("enabled").AsBoolean().NotNullable()
                .WithColumn("changed_by").AsString(6).Nullable()
                .WithColumn("updated_at").AsCustom(Instant).NotNullable();
        }
    }
}
