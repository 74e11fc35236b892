using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Kyc;

[Migration(202611230060, "KYC: section submissions, documents, identity-number claims")]
public sealed class M202611230060_CreateKyc : SchemaMigration
{
    public M202611230060_CreateKyc(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("kyc_submissions").Exists())
        {
            Create.Table("kyc_submissions")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_kyc_submissions")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("user_code").AsString(6).NotNullable()
                .WithColumn("branch_code").AsString(32).Nullable()
                .WithColumn("section").AsString(16).NotNullable()
                .WithColumn("live_key").AsString(64).Nullable()
                .WithColumn("status").AsString(32).NotNullable()
                .WithColumn("number_encrypted").AsBinary(int.MaxValue).Nullable()
                .WithColumn("number_index").AsString(64).Nullable()
                .WithColumn("number_last4").AsString(4).Nullable()
                .WithColumn("details").AsString(int.MaxValue).NotNullable()
                .WithColumn("private_encrypted").AsBinary(int.MaxValue).Nullable()
                .WithColumn("otp_request_id").AsCustom(Uuid).Nullable()
                .WithColumn("otp_verified_at").AsCustom(Instant).Nullable()
                .WithColumn("phone_verified_at").AsCustom(Instant).Nullable()
                .WithColumn("email_verified_at").AsCustom(Instant).Nullable()
                .WithColumn("provider_status").AsString(32).Nullable()
                .WithColumn("provider_name").AsString(200).Nullable()
                .WithColumn("provider_checked_at").AsCustom(Instant).Nullable()
                .WithColumn("provider_attempts").AsInt32().NotNullable().WithDefaultValue(0)
                .WithColumn("review_reason").AsString(500).Nullable()
                .WithColumn("reviewed_by").AsString(6).Nullable()
                .WithColumn("reviewed_at").AsCustom(Instant).Nullable()
                .WithColumn("submitted_at").AsCustom(Instant).NotNullable()
                .WithColumn("verified_at").AsCustom(Instant).Nullable()
                .WithColumn("updated_at").AsCustom(Instant).NotNullable()
                .WithColumn("deleted_at").AsCustom(Instant).Nullable()
                .WithColumn("deleted_by").AsString(64).Nullable();
            Create.Index("ix_kyc_submissions_user").OnTable("kyc_submissions")
                .OnColumn("user_id").Ascending().OnColumn("section").Ascending().OnColumn("deleted_at").Ascending();
            Create.Index("ix_kyc_submissions_queue").OnTable("kyc_submissions")
                .OnColumn("status").Ascending().OnColumn("section").Ascending().OnColumn("submitted_at").Ascending();
            Create.Index("ix_kyc_submissions_branch").OnTable("kyc_submissions")
                .OnColumn("branch_code").Ascending().OnColumn("status").Ascending().OnColumn("submitted_at").Ascending();
            // One live version per user and section: NULL once superseded (NULLs never collide).
            Create.Index("ux_kyc_submissions_live").OnTable("kyc_submissions").OnColumn("live_key").Unique();
            Create.Index("ix_kyc_submissions_user_code").OnTable("kyc_submissions").OnColumn("user_code");
        }
        if (!Schema.Table("kyc_documents").Exists())
        {
            Create.Table("kyc_documents")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_kyc_documents")
                .WithColumn("submission_id").AsCustom(Uuid).NotNullable()
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("kind").AsString(32).NotNullable()
                .WithColumn("content_type").AsString(64).NotNullable()
                .WithColumn("byte_size").AsInt64().NotNullable()
                .WithColumn("storage_name").AsString(64).NotNullable()
                .WithColumn("key_version").AsInt32().NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("deleted_at").AsCustom(Instant).Nullable()
                .WithColumn("deleted_by").AsString(64).Nullable();
            Create.Index("ix_kyc_documents_submission").OnTable("kyc_documents").OnColumn("submission_id");
            Create.Index("ix_kyc_documents_user").OnTable("kyc_documents").OnColumn("user_id");
            Create.Index("ux_kyc_documents_storage").OnTable("kyc_documents").OnColumn("storage_name").Unique();
        }
        if (!Schema.Table("kyc_number_claims").Exists())
        {
            Create.Table("kyc_number_claims")
                .WithColumn("kind").AsString(16).NotNullable().PrimaryKey("pk_kyc_number_claims")
                .WithColumn("number_index").AsString(64).NotNullable().PrimaryKey("pk_kyc_number_claims")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("claimed_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_kyc_number_claims_user").OnTable("kyc_number_claims").OnColumn("user_id");
        }
    }
}
