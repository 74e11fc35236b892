using CredbuzzPay.Api.Modules.Kyc;
using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Kyc;

/// <summary>Running totals for the KYC report (live sections per day, branch, section and status; each user's last submission), filled from the existing sections.</summary>
[Migration(202611230126, "KYC report: daily counts and users' last submissions")]
public sealed class M202611230126_KycCounters : SchemaMigration
{
    public M202611230126_KycCounters(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("kyc_daily_counts").Exists())
        {
            Create.Table("kyc_daily_counts")
                .WithColumn("day").AsCustom(Instant).NotNullable().PrimaryKey("pk_kyc_daily_counts")
                .WithColumn("branch_key").AsString(32).NotNullable().PrimaryKey("pk_kyc_daily_counts")
                .WithColumn("section").AsString(16).NotNullable().PrimaryKey("pk_kyc_daily_counts")
                .WithColumn("status").AsString(32).NotNullable().PrimaryKey("pk_kyc_daily_counts")
                .WithColumn("sections").AsInt64().NotNullable()
                .WithColumn("verified_seconds").AsInt64().NotNullable();
            Create.Index("ix_kyc_daily_counts_branch").OnTable("kyc_daily_counts").OnColumn("branch_key").Ascending().OnColumn("day").Ascending();
        }
        if (!Schema.Table("kyc_user_submissions").Exists())
        {
            Create.Table("kyc_user_submissions")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_kyc_user_submissions")
                .WithColumn("branch_key").AsString(32).NotNullable().PrimaryKey("pk_kyc_user_submissions")
                .WithColumn("last_submitted_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_kyc_user_submissions_at").OnTable("kyc_user_submissions").OnColumn("last_submitted_at").Ascending();
            Create.Index("ix_kyc_user_submissions_branch").OnTable("kyc_user_submissions").OnColumn("branch_key").Ascending().OnColumn("last_submitted_at").Ascending();
        }
        foreach (var sql in KycCounters.RebuildSql(Engine))
        {
            Execute.Sql(sql);
        }
    }
}
