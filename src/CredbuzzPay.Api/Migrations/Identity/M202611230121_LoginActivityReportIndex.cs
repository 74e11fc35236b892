using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Identity;

/// <summary>
/// Login statistics group a time window by outcome, device and browser and count distinct users:
/// with those columns in the index the window is answered from the index alone. Replaces
/// (occurred_at, outcome), its prefix.
/// </summary>
[Migration(202611230121, "Login activity: covering index for time-window reports")]
public sealed class M202611230121_LoginActivityReportIndex : SchemaMigration
{
    public M202611230121_LoginActivityReportIndex(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("login_activity").Index("ix_login_activity_window").Exists())
        {
            Create.Index("ix_login_activity_window").OnTable("login_activity")
                .OnColumn("occurred_at").Ascending().OnColumn("outcome").Ascending().OnColumn("device").Ascending()
                .OnColumn("browser").Ascending().OnColumn("user_id").Ascending();
        }
        if (Schema.Table("login_activity").Index("ix_login_activity_occurred").Exists())
        {
            Delete.Index("ix_login_activity_occurred").OnTable("login_activity");
        }
    }
}
