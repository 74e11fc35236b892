using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Audit;

/// <summary>
/// The statistics and the trail read a time window and, per row, its action and actor: with those in
/// the index the window is answered from the index alone. Replaces the index on occurred_at only
/// (its prefix), so appends keep one index on the instant.
/// </summary>
[Migration(202611230120, "Audit trail: covering index for time-window reports")]
public sealed class M202611230120_AuditReportIndex : SchemaMigration
{
    public M202611230120_AuditReportIndex(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("audit_trail").Index("ix_audit_trail_window").Exists())
        {
            Create.Index("ix_audit_trail_window").OnTable("audit_trail")
                .OnColumn("occurred_at").Ascending().OnColumn("action").Ascending().OnColumn("actor").Ascending();
        }
        if (Schema.Table("audit_trail").Index("ix_audit_trail_occurred_at").Exists())
        {
            Delete.Index("ix_audit_trail_occurred_at").OnTable("audit_trail");
        }
    }
}
