using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Identity;

[Migration(202611230030, "OTP challenges, OTP sends and pending registrations")]
public sealed class M202611230030_CreateOtpAndRegistration : SchemaMigration
{
    public M202611230030_CreateOtpAndRegistration(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("otp_challenges").Exists())
        {
            Create.Table("otp_challenges")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_otp_challenges")
                .WithColumn("request_id").AsCustom(Uuid).NotNullable()
                .WithColumn("purpose").AsString(24).NotNullable()
                .WithColumn("channel").AsString(16).NotNullable()
                .WithColumn("destination_hash").AsString(64).NotNullable()
                .WithColumn("user_id").AsCustom(Uuid).Nullable()
                .WithColumn("code_hash").AsString(64).NotNullable()
                .WithColumn("attempts").AsInt32().NotNullable()
                .WithColumn("blocked_until").AsCustom(Instant).Nullable()
                .WithColumn("expires_at").AsCustom(Instant).NotNullable()
                .WithColumn("verified_at").AsCustom(Instant).Nullable()
                .WithColumn("last_sent_at").AsCustom(Instant).NotNullable()
                .WithColumn("send_count").AsInt32().NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_otp_challenges_request").OnTable("otp_challenges")
                .OnColumn("request_id").Ascending().OnColumn("purpose").Ascending().OnColumn("channel").Ascending();
            Create.Index("ix_otp_challenges_expires").OnTable("otp_challenges").OnColumn("expires_at");
        }
        if (!Schema.Table("otp_sends").Exists())
        {
            Create.Table("otp_sends")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_otp_sends")
                .WithColumn("destination_hash").AsString(64).NotNullable()
                .WithColumn("sent_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_otp_sends_destination").OnTable("otp_sends")
                .OnColumn("destination_hash").Ascending().OnColumn("sent_at").Ascending();
        }
        if (!Schema.Table("pending_registrations").Exists())
        {
            Create.Table("pending_registrations")
                .WithColumn("request_id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_pending_registrations")
                .WithColumn("email").AsString(254).NotNullable()
                .WithColumn("mobile").AsString(16).NotNullable()
                .WithColumn("first_name").AsString(100).NotNullable()
                .WithColumn("last_name").AsString(100).NotNullable()
                .WithColumn("password_hash").AsString(255).NotNullable()
                .WithColumn("email_verified_at").AsCustom(Instant).Nullable()
                .WithColumn("mobile_verified_at").AsCustom(Instant).Nullable()
                .WithColumn("user_code").AsString(6).Nullable()
                .WithColumn("expires_at").AsCustom(Instant).NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_pending_registrations_expires").OnTable("pending_registrations").OnColumn("expires_at");
        }
    }
}
