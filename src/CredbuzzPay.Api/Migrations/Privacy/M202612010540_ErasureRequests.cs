namespace CredbuzzPay.Api.Migrations.Privacy;

/// <summary>Erasure requests (docs/privacy.md): the OTP that confirms one, why it waits, what it did, and when the retained set is purged; access archives with full numbers.</summary>
[FluentMigrator.Migration(202612010540, "Privacy: erasure requests")]
public sealed class M202612010540_ErasureRequests : SchemaMigration
{
    public M202612010540_ErasureRequests(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("privacy_requests").Column("otp_request_id").Exists())
        {
            Alter.Table("privacy_requests")
                .AddColumn("otp_request_id").AsCustom(Uuid).Nullable()
                .AddColumn("waiting_reason").AsString(1000).Nullable()
                .AddColumn("outcome").AsString(int.MaxValue).Nullable()
                .AddColumn("retain_until").AsCustom(Instant).Nullable()
                .AddColumn("purged_at").AsCustom(Instant).Nullable()
                .AddColumn("full_numbers").AsBoolean().NotNullable().WithDefaultValue(false);
            Create.Index("ix_privacy_requests_retention").OnTable("privacy_requests").OnColumn("retain_until").Ascending();
        }
    }
}
