using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Audit;

[Migration(202611230010, "Audit trail with its hash chain")]
public sealed class M202611230010_CreateAuditTrail : SchemaMigration
{
    public M202611230010_CreateAuditTrail(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("audit_trail").Exists())
        {
            Create.Table("audit_trail")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_audit_trail")
                .WithColumn("sequence").AsInt64().NotNullable().Unique("ux_audit_trail_sequence")
                .WithColumn("occurred_at").AsCustom(Instant).NotNullable()
                .WithColumn("actor").AsString(64).NotNullable()
                .WithColumn("action").AsString(100).NotNullable()
                .WithColumn("target_type").AsString(64).Nullable()
                .WithColumn("target_id").AsString(128).Nullable()
                .WithColumn("ip_address").AsString(45).Nullable()
                .WithColumn("user_agent").AsString(512).Nullable()
                .WithColumn("correlation_id").AsString(64).Nullable()
                .WithColumn("detail").AsString(int.MaxValue).Nullable()
                .WithColumn("prev_hash").AsString(64).NotNullable()
                .WithColumn("hash").AsString(64).NotNullable();

            Create.Index("ix_audit_trail_occurred_at").OnTable("audit_trail").OnColumn("occurred_at");
            Create.Index("ix_audit_trail_actor").OnTable("audit_trail").OnColumn("actor").Ascending().OnColumn("occurred_at").Ascending();
            Create.Index("ix_audit_trail_action").OnTable("audit_trail").OnColumn("action").Ascending().OnColumn("occurred_at").Ascending();
            Create.Index("ix_audit_trail_target").OnTable("audit_trail").OnColumn("target_type").Ascending().OnColumn("target_id").Ascending();
        }

        if (!Schema.Table("audit_chain_head").Exists())
        {
            Create.Table("audit_chain_head")
                .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_audit_chain_head")
                .WithColumn("last_sequence").AsInt64().NotNullable()
                .WithColumn("last_hash").AsString(64).NotNullable();
            Insert.IntoTable("audit_chain_head").Row(new { id = 1, last_sequence = 0L, last_hash = new string('0', 64) });
        }
    }
}
