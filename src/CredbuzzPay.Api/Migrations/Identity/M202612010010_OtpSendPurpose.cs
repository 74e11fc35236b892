using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Identity;

/// <summary>
/// Each purpose gets its own daily budget of codes per destination, so codes a stranger can ask for
/// (password reset) cannot use up the ones sign-in needs. Sends recorded before this migration have
/// no purpose and count for none.
/// </summary>
[Migration(202612010010, "OTP sends: purpose, for a daily budget per purpose")]
public sealed class M202612010010_OtpSendPurpose : SchemaMigration
{
    public M202612010010_OtpSendPurpose(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("otp_sends").Column("purpose").Exists())
        {
            Alter.Table("otp_sends").AddColumn("purpose").AsString(24).Nullable();
        }
        if (!Schema.Table("otp_sends").Index("ix_otp_sends_purpose").Exists())
        {
            Create.Index("ix_otp_sends_purpose").OnTable("otp_sends")
                .OnColumn("destination_hash").Ascending().OnColumn("purpose").Ascending().OnColumn("sent_at").Ascending();
        }
        if (Schema.Table("otp_sends").Index("ix_otp_sends_destination").Exists())
        {
            Delete.Index("ix_otp_sends_destination").OnTable("otp_sends");
        }
    }
}
