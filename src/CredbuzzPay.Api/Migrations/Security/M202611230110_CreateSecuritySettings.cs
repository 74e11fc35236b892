using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Security;

[Migration(202611230110, "Security settings per user: 2FA channel, staff IP allow-list, new-device alerts")]
public sealed class M202611230110_CreateSecuritySettings : SchemaMigration
{
    public M202611230110_CreateSecuritySettings(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("security_settings").Exists())
        {
            Create.Table("security_settings")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_security_settings")
                .WithColumn("two_factor_channel").AsString(8).NotNullable()
                .WithColumn("ip_allow_list").AsString(2000).Nullable()
                .WithColumn("new_device_alerts").AsBoolean().NotNullable()
                .WithColumn("updated_by").AsString(6).Nullable()
                .WithColumn("updated_at").AsCustom(Instant).NotNullable();
        }
    }
}
