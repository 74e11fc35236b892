using CredbuzzPay.Api.Modules.Identity.Sessions;
using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Identity;

/// <summary>Running totals for the login statistics (attempts per hour, branch, result, device, browser), filled from the existing attempts; an index for distinct users by last sign-in.</summary>
[Migration(202611230124, "Login statistics: hourly counts; users by last sign-in")]
public sealed class M202611230124_LoginCounters : SchemaMigration
{
    public M202611230124_LoginCounters(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("login_activity_hourly").Exists())
        {
            Create.Table("login_activity_hourly")
                .WithColumn("hour").AsCustom(Instant).NotNullable().PrimaryKey("pk_login_activity_hourly")
                .WithColumn("branch_key").AsString(32).NotNullable().PrimaryKey("pk_login_activity_hourly")
                .WithColumn("result").AsString(8).NotNullable().PrimaryKey("pk_login_activity_hourly")
                .WithColumn("device").AsString(16).NotNullable().PrimaryKey("pk_login_activity_hourly")
                .WithColumn("browser").AsString(32).NotNullable().PrimaryKey("pk_login_activity_hourly")
                .WithColumn("attempts").AsInt64().NotNullable();
            Create.Index("ix_login_activity_hourly_branch").OnTable("login_activity_hourly").OnColumn("branch_key").Ascending().OnColumn("hour").Ascending();
        }
        if (!Schema.Table("users").Index("ix_users_last_login").Exists())
        {
            Create.Index("ix_users_last_login").OnTable("users").OnColumn("last_login_at").Ascending();
            Create.Index("ix_users_branch_last_login").OnTable("users").OnColumn("branch_code").Ascending().OnColumn("last_login_at").Ascending();
        }
        foreach (var sql in LoginCounters.RebuildSql(Engine))
        {
            Execute.Sql(sql);
        }
    }
}
