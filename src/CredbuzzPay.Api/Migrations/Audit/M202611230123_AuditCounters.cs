using CredbuzzPay.Api.Modules.Audit;
using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Audit;

/// <summary>Running totals for the audit statistics (events per day, branch and action; each actor's last row), filled from the existing trail.</summary>
[Migration(202611230123, "Audit statistics: daily counts and actors' last rows")]
public sealed class M202611230123_AuditCounters : SchemaMigration
{
    public M202611230123_AuditCounters(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("audit_daily_counts").Exists())
        {
            Create.Table("audit_daily_counts")
                .WithColumn("day").AsCustom(Instant).NotNullable().PrimaryKey("pk_audit_daily_counts")
                .WithColumn("branch_key").AsString(32).NotNullable().PrimaryKey("pk_audit_daily_counts")
                .WithColumn("action").AsString(100).NotNullable().PrimaryKey("pk_audit_daily_counts")
                .WithColumn("events").AsInt64().NotNullable();
            Create.Index("ix_audit_daily_counts_branch").OnTable("audit_daily_counts").OnColumn("branch_key").Ascending().OnColumn("day").Ascending();
        }
        if (!Schema.Table("audit_actor_last_seen").Exists())
        {
            Create.Table("audit_actor_last_seen")
                .WithColumn("branch_key").AsString(32).NotNullable().PrimaryKey("pk_audit_actor_last_seen")
                .WithColumn("actor").AsString(64).NotNullable().PrimaryKey("pk_audit_actor_last_seen")
                .WithColumn("last_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_audit_actor_last_seen_at").OnTable("audit_actor_last_seen").OnColumn("last_at").Ascending();
            Create.Index("ix_audit_actor_last_seen_branch").OnTable("audit_actor_last_seen").OnColumn("branch_key").Ascending().OnColumn("last_at").Ascending();
        }
        foreach (var sql in AuditCounters.RebuildSql(Engine))
        {
            Execute.Sql(sql);
        }
    }
}
