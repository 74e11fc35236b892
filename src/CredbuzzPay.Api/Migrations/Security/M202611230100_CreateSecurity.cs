using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Security;

[Migration(202611230100, "Security: signals, alerts, IP blocklist")]
public sealed class M202611230100_CreateSecurity : SchemaMigration
{
    public M202611230100_CreateSecurity(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("security_events").Exists())
        {
            Create.Table("security_events")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_security_events")
                .WithColumn("kind").AsString(40).NotNullable()
                .WithColumn("ip_address").AsString(45).Nullable()
                .WithColumn("user_id").AsCustom(Uuid).Nullable()
                .WithColumn("user_code").AsString(6).Nullable()
                .WithColumn("subject").AsString(64).Nullable()
                .WithColumn("occurred_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_security_events_ip").OnTable("security_events").OnColumn("ip_address").Ascending().OnColumn("kind").Ascending().OnColumn("occurred_at").Ascending();
            Create.Index("ix_security_events_user").OnTable("security_events").OnColumn("user_id").Ascending().OnColumn("occurred_at").Ascending();
            Create.Index("ix_security_events_time").OnTable("security_events").OnColumn("occurred_at").Ascending().OnColumn("kind").Ascending();
        }
        if (!Schema.Table("security_alerts").Exists())
        {
            Create.Table("security_alerts")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_security_alerts")
                .WithColumn("kind").AsString(40).NotNullable()
                .WithColumn("severity").AsString(16).NotNullable()
                .WithColumn("status").AsString(16).NotNullable()
                .WithColumn("ip_address").AsString(45).Nullable()
                .WithColumn("user_code").AsString(6).Nullable()
                .WithColumn("branch_code").AsString(32).Nullable()
                .WithColumn("message").AsString(500).NotNullable()
                .WithColumn("assignee").AsString(6).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("updated_at").AsCustom(Instant).NotNullable()
                .WithColumn("resolved_at").AsCustom(Instant).Nullable();
            Create.Index("ix_security_alerts_status").OnTable("security_alerts").OnColumn("status").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ix_security_alerts_time").OnTable("security_alerts").OnColumn("created_at").Ascending().OnColumn("severity").Ascending();
            Create.Index("ix_security_alerts_subject").OnTable("security_alerts").OnColumn("kind").Ascending().OnColumn("ip_address").Ascending().OnColumn("user_code").Ascending();
        }
        if (!Schema.Table("ip_blocklist").Exists())
        {
            Create.Table("ip_blocklist")
                .WithColumn("ip_address").AsString(45).NotNullable().PrimaryKey("pk_ip_blocklist")
                .WithColumn("reason").AsString(500).NotNullable()
                .WithColumn("blocked_until").AsCustom(Instant).Nullable()
                .WithColumn("created_by").AsString(64).NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
        }
    }
}
