namespace CredbuzzPay.Api.Migrations.Privacy;

/// <summary>Data principals' requests (docs/privacy.md): access so far, with the encrypted archive until its download time ends.</summary>
[FluentMigrator.Migration(202612010530, "Privacy: requests")]
public sealed class M202612010530_PrivacyRequests : SchemaMigration
{
    public M202612010530_PrivacyRequests(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("privacy_requests").Exists())
        {
            Create.Table("privacy_requests")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_privacy_requests")
                .WithColumn("request_id").AsString(15).NotNullable().Unique("ux_privacy_requests_public")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("user_code").AsString(16).NotNullable()
                .WithColumn("branch_code").AsString(32).Nullable()
                .WithColumn("type").AsString(12).NotNullable()
                .WithColumn("status").AsString(12).NotNullable()
                .WithColumn("due_at").AsCustom(Instant).NotNullable()
                .WithColumn("archive").AsBinary(int.MaxValue).Nullable()
                .WithColumn("archive_bytes").AsInt64().NotNullable()
                .WithColumn("download_until").AsCustom(Instant).Nullable()
                .WithColumn("failure").AsString(200).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("completed_at").AsCustom(Instant).Nullable();
            Create.Index("ix_privacy_requests_status").OnTable("privacy_requests").OnColumn("status").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ix_privacy_requests_user").OnTable("privacy_requests").OnColumn("user_id").Ascending();
        }
    }
}
