using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Kyc;

/// <summary>
/// The KYC report reads the sections submitted in a window by section and status, their users and
/// verification times: with those columns in the index the window is answered from the index alone.
/// </summary>
[Migration(202611230122, "KYC submissions: covering index for time-window reports")]
public sealed class M202611230122_KycReportIndex : SchemaMigration
{
    public M202611230122_KycReportIndex(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("kyc_submissions").Index("ix_kyc_submissions_window").Exists())
        {
            Create.Index("ix_kyc_submissions_window").OnTable("kyc_submissions")
                .OnColumn("submitted_at").Ascending().OnColumn("deleted_at").Ascending().OnColumn("section").Ascending()
                .OnColumn("status").Ascending().OnColumn("user_id").Ascending().OnColumn("verified_at").Ascending();
        }
    }
}
