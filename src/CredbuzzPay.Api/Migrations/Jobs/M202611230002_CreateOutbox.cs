using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Jobs;

[Migration(202611230002, "Notification outbox")]
public sealed class M202611230002_CreateOutbox : SchemaMigration
{
    public M202611230002_CreateOutbox(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (Schema.Table("outbox_messages").Exists())
        {
            return;
        }
        Create.Table("outbox_messages")
            .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_outbox_messages")
            .WithColumn("channel").AsString(16).NotNullable()
            .WithColumn("recipient_mask").AsString(128).NotNullable()
            .WithColumn("payload").AsBinary(int.MaxValue).Nullable()
            .WithColumn("status").AsString(16).NotNullable()
            .WithColumn("attempts").AsInt32().NotNullable()
            .WithColumn("next_attempt_at").AsCustom(Instant).NotNullable()
            .WithColumn("locked_until").AsCustom(Instant).Nullable()
            .WithColumn("last_error").AsString(500).Nullable()
            .WithColumn("created_at").AsCustom(Instant).NotNullable()
            .WithColumn("sent_at").AsCustom(Instant).Nullable();
        Create.Index("ix_outbox_due").OnTable("outbox_messages")
            .OnColumn("status").Ascending().OnColumn("next_attempt_at").Ascending();
        Create.Index("ix_outbox_created").OnTable("outbox_messages").OnColumn("created_at");
    }
}
