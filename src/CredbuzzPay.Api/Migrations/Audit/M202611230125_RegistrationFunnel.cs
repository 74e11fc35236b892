using CredbuzzPay.Api.Modules.Audit;
using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Audit;

/// <summary>The registration funnel kept from the trail (each registrant's first submission per KYC section, full verification), filled from the existing trail.</summary>
[Migration(202611230125, "Registration funnel kept from the audit trail")]
public sealed class M202611230125_RegistrationFunnel : SchemaMigration
{
    public M202611230125_RegistrationFunnel(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("registration_funnel").Exists())
        {
            Create.Table("registration_funnel")
                .WithColumn("user_code").AsString(128).NotNullable().PrimaryKey("pk_registration_funnel")
                .WithColumn("registered_at").AsCustom(Instant).NotNullable()
                .WithColumn("aadhaar_at").AsCustom(Instant).Nullable()
                .WithColumn("pan_at").AsCustom(Instant).Nullable()
                .WithColumn("business_at").AsCustom(Instant).Nullable()
                .WithColumn("bank_at").AsCustom(Instant).Nullable()
                .WithColumn("verified_at").AsCustom(Instant).Nullable();
            Create.Index("ix_registration_funnel_registered").OnTable("registration_funnel").OnColumn("registered_at").Ascending();
        }
        foreach (var sql in AuditCounters.FunnelRebuildSql())
        {
            Execute.Sql(sql);
        }
    }
}
