using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Identity;

/// <summary>
/// A branch admin's registrations per day (the console's dashboard) counts one branch's users in a day's window:
/// without (branch_code, created_at) the engine reads every user of the branch for each of the 14 days
/// (docs/benchmarks.md, "Admin console": 400 ms on the demo data set, 5,000 users a branch).
/// </summary>
[Migration(202612020500, "Users: index by branch and creation time")]
public sealed class M202612020500_UsersBranchCreatedIndex : SchemaMigration
{
    public M202612020500_UsersBranchCreatedIndex(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("users").Index("ix_users_branch_created").Exists())
        {
            Create.Index("ix_users_branch_created").OnTable("users").OnColumn("branch_code").Ascending().OnColumn("created_at").Ascending();
        }
    }
}
