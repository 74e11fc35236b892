using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Ledger;

/// <summary>
/// A fenced claim for each <c>Idempotency-Key</c> (docs/ledger.md): the attempt that holds it and since when, and, written inside the money
/// transaction itself, the transaction it carried out. A request cut off by a crash then no longer leaves its key "in progress" until it
/// expires: past the lease a retry learns that the money moved (and which transaction), or takes the claim over and runs afresh.
/// </summary>
[Migration(202612020600, "Ledger: idempotency claims fenced by attempt, with the committed transaction")]
public sealed class M202612020600_IdempotencyFence : SchemaMigration
{
    public M202612020600_IdempotencyFence(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("ledger_idempotency").Column("attempt_id").Exists())
        {
            Alter.Table("ledger_idempotency").AddColumn("attempt_id").AsString(36).Nullable();
        }
        if (!Schema.Table("ledger_idempotency").Column("claimed_at").Exists())
        {
            Alter.Table("ledger_idempotency").AddColumn("claimed_at").AsCustom(Instant).Nullable();
        }
        if (!Schema.Table("ledger_idempotency").Column("transaction_id").Exists())
        {
            Alter.Table("ledger_idempotency").AddColumn("transaction_id").AsString(64).Nullable();
        }
        if (!Schema.Table("ledger_idempotency").Column("committed_at").Exists())
        {
            Alter.Table("ledger_idempotency").AddColumn("committed_at").AsCustom(Instant).Nullable();
        }
    }
}
