using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Identity;

[Migration(202611230050, "Users: encrypted postal address")]
public sealed class M202611230050_AddUserAddress : SchemaMigration
{
    public M202611230050_AddUserAddress(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("users").Column("address_encrypted").Exists())
        {
            Alter.Table("users").AddColumn("address_encrypted").AsBinary(int.MaxValue).Nullable();
        }
    }
}
