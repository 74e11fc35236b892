using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Audit;

[Migration(202611230090, "Audit trail: the acting user's branch, for branch-limited reading")]
public sealed class M202611230090_AddAuditBranch : SchemaMigration
{
    public M202611230090_AddAuditBranch(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("audit_trail").Column("branch_code").Exists())
        {
            Alter.Table("audit_trail").AddColumn("branch_code").AsString(32).Nullable();
            Create.Index("ix_audit_trail_branch").OnTable("audit_trail").OnColumn("branch_code").Ascending().OnColumn("occurred_at").Ascending();
        }
    }
}
