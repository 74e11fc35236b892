namespace CredbuzzPay.Api.Migrations.Jobs;

/// <summary>What a queued message is for and whom it is about, so a withdrawn consent cancels it while it waits (docs/privacy.md).</summary>
[FluentMigrator.Migration(202612010520, "Outbox: message purpose and subject")]
public sealed class M202612010520_OutboxPurpose : SchemaMigration
{
    public M202612010520_OutboxPurpose(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("outbox_messages").Column("purpose").Exists())
        {
            Alter.Table("outbox_messages")
                .AddColumn("purpose").AsString(24).Nullable()
                .AddColumn("subject_id").AsCustom(Uuid).Nullable();
            Create.Index("ix_outbox_messages_subject").OnTable("outbox_messages").OnColumn("subject_id").Ascending().OnColumn("purpose").Ascending();
        }
    }
}
