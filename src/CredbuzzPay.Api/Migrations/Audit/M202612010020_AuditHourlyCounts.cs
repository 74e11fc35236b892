using CredbuzzPay.Api.Modules.Audit;
using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Audit;

/// <summary>Audit events per UTC hour and acting branch, for the statistics' peak hours (seed 003 #32), filled from the existing trail.</summary>
[Migration(202612010020, "Audit statistics: hourly counts")]
public sealed class M202612010020_AuditHourlyCounts : SchemaMigration
{
    public M202612010020_AuditHourlyCounts(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("audit_hourly_counts").Exists())
        {
            Create.Table("audit_hourly_counts")
                .WithColumn("hour").AsCustom(Instant).NotNullable().PrimaryKey("pk_audit_hourly_counts")
                .WithColumn("branch_key").AsString(32).NotNullable().PrimaryKey("pk_audit_hourly_counts")
                .WithColumn("events").AsInt64().NotNullable();
            Create.Index("ix_audit_hourly_counts_branch").OnTable("audit_hourly_counts").OnColumn("branch_key").Ascending().OnColumn("hour").Ascending();
        }
        foreach (var sql in AuditCounters.HourlyRebuildSql(Engine))
        {
            Execute.Sql(sql);
        }
    }
}
