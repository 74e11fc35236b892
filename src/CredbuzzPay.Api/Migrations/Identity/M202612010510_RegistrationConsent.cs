namespace CredbuzzPay.Api.Migrations.Identity;

/// <summary>The privacy notice version and marketing choice accepted while registering, and where from (docs/privacy.md), kept until the user is made.</summary>
[FluentMigrator.Migration(202612010510, "Identity: registration consent")]
public sealed class M202612010510_RegistrationConsent : SchemaMigration
{
    public M202612010510_RegistrationConsent(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("pending_registrations").Column("notice_version").Exists())
        {
            Alter.Table("pending_registrations")
                .AddColumn("notice_version").AsInt32().Nullable()
                .AddColumn("marketing_consent").AsBoolean().Nullable()
                .AddColumn("consent_ip").AsString(45).Nullable()
                .AddColumn("consent_user_agent").AsString(255).Nullable();
        }
    }
}
