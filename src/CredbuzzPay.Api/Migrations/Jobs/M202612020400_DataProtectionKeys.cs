namespace CredbuzzPay.Api.Migrations.Jobs;

/// <summary>The keys that seal the admin console's cookies, shared by every node (encrypted; docs/console.md).</summary>
[FluentMigrator.Migration(202612020400, "Data-protection keys")]
public sealed class M202612020400_DataProtectionKeys : SchemaMigration
{
    public M202612020400_DataProtectionKeys(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("data_protection_keys").Exists())
        {
            Create.Table("data_protection_keys")
                .WithColumn("name").AsString(100).NotNullable().PrimaryKey("pk_data_protection_keys")
                .WithColumn("payload").AsBinary(int.MaxValue).NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
        }
    }
}
