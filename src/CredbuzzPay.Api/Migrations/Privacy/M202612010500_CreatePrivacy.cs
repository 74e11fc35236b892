using CredbuzzPay.Api.Modules.Privacy;

namespace CredbuzzPay.Api.Migrations.Privacy;

/// <summary>Privacy (docs/privacy.md): the versioned notice (version 1 in English and Hindi), consents and grievances.</summary>
[FluentMigrator.Migration(202612010500, "Privacy: notices, consents and grievances")]
public sealed class M202612010500_CreatePrivacy : SchemaMigration
{
    public M202612010500_CreatePrivacy(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("privacy_notices").Exists())
        {
            Create.Table("privacy_notices")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_privacy_notices")
                .WithColumn("version").AsInt32().NotNullable()
                .WithColumn("language").AsString(5).NotNullable()
                .WithColumn("body").AsString(int.MaxValue).NotNullable()
                .WithColumn("published_by").AsString(16).NotNullable()
                .WithColumn("published_at").AsCustom(Instant).NotNullable();
            Create.Index("ux_privacy_notices_version").OnTable("privacy_notices").OnColumn("version").Ascending().OnColumn("language").Ascending().WithOptions().Unique();
            foreach (var (language, body) in PrivacyNotice.FirstVersion)
            {
                var id = Guid.CreateVersion7(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
                var (idLiteral, at) = Engine switch
                {
                    Platform.Database.DatabaseProvider.Sqlite => ($"X'{Convert.ToHexString(id.ToByteArray())}'", "'2026-12-01 00:00:00.000'"),
                    Platform.Database.DatabaseProvider.Postgres => ($"'{id:D}'", "TIMESTAMPTZ '2026-12-01 00:00:00+00'"),
                    _ => ($"'{id:D}'", "'2026-12-01 00:00:00.000000'"),
                };
                Execute.Sql("INSERT INTO privacy_notices (id, version, language, body, published_by, published_at) VALUES " +
                    $"({idLiteral}, 1, '{language}', '{body.Replace("'", "''", StringComparison.Ordinal)}', 'system', {at})");
            }
        }
        if (!Schema.Table("privacy_consents").Exists())
        {
            Create.Table("privacy_consents")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_privacy_consents")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("purpose").AsString(24).NotNullable()
                .WithColumn("granted").AsBoolean().NotNullable()
                .WithColumn("notice_version").AsInt32().NotNullable()
                .WithColumn("source").AsString(12).NotNullable()
                .WithColumn("ip_address").AsString(45).Nullable()
                .WithColumn("user_agent").AsString(255).Nullable()
                .WithColumn("recorded_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_privacy_consents_user").OnTable("privacy_consents").OnColumn("user_id").Ascending().OnColumn("recorded_at").Ascending();
        }
        if (!Schema.Table("privacy_grievances").Exists())
        {
            Create.Table("privacy_grievances")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_privacy_grievances")
                .WithColumn("reference").AsString(15).NotNullable().Unique("ux_privacy_grievances_reference")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("user_code").AsString(16).NotNullable()
                .WithColumn("branch_code").AsString(32).Nullable()
                .WithColumn("subject").AsString(150).NotNullable()
                .WithColumn("details").AsString(4000).NotNullable()
                .WithColumn("status").AsString(12).NotNullable()
                .WithColumn("due_at").AsCustom(Instant).NotNullable()
                .WithColumn("response").AsString(4000).Nullable()
                .WithColumn("responded_by").AsString(16).Nullable()
                .WithColumn("responded_at").AsCustom(Instant).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_privacy_grievances_status").OnTable("privacy_grievances").OnColumn("status").Ascending().OnColumn("due_at").Ascending();
            Create.Index("ix_privacy_grievances_user").OnTable("privacy_grievances").OnColumn("user_id").Ascending();
        }
    }
}
