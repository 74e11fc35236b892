namespace CredbuzzPay.Api.Migrations.Fraud;

/// <summary>Fraud detection (docs/ledger.md): the debits it screened (its own history of each customer) and the alerts its rules raised.</summary>
[FluentMigrator.Migration(202612010210, "Fraud: screened debits and fraud alerts")]
public sealed class M202612010210_CreateFraud : SchemaMigration
{
    public M202612010210_CreateFraud(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("fraud_debits").Exists())
        {
            Create.Table("fraud_debits")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_fraud_debits")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("transaction_id").AsString(15).NotNullable()
                .WithColumn("amount_paise").AsInt64().NotNullable()
                // A keyed hash of where the money went (an account, or an outside payee): enough to tell a first-time destination.
                .WithColumn("destination").AsString(64).NotNullable()
                .WithColumn("first_time").AsBoolean().NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_fraud_debits_user").OnTable("fraud_debits").OnColumn("user_id").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ix_fraud_debits_destination").OnTable("fraud_debits").OnColumn("user_id").Ascending().OnColumn("destination").Ascending();
        }

        if (!Schema.Table("fraud_alerts").Exists())
        {
            Create.Table("fraud_alerts")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_fraud_alerts")
                .WithColumn("alert_id").AsString(13).NotNullable().Unique("ux_fraud_alerts_public")
                .WithColumn("alert_type").AsString(32).NotNullable()
                .WithColumn("severity").AsString(8).NotNullable()
                .WithColumn("status").AsString(16).NotNullable()
                .WithColumn("title").AsString(100).NotNullable()
                .WithColumn("description").AsString(500).NotNullable()
                .WithColumn("risk_score").AsInt32().NotNullable()
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("user_code").AsString(16).NotNullable()
                .WithColumn("branch_code").AsString(32).Nullable()
                .WithColumn("transaction_id").AsString(15).Nullable()
                .WithColumn("note").AsString(500).Nullable()
                .WithColumn("handled_by").AsString(16).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("updated_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_fraud_alerts_user").OnTable("fraud_alerts").OnColumn("user_id").Ascending().OnColumn("status").Ascending();
            Create.Index("ix_fraud_alerts_branch").OnTable("fraud_alerts").OnColumn("branch_code").Ascending().OnColumn("created_at").Ascending();
            Create.Index("ix_fraud_alerts_created").OnTable("fraud_alerts").OnColumn("created_at").Ascending();
            Create.Index("ix_fraud_alerts_transaction").OnTable("fraud_alerts").OnColumn("transaction_id").Ascending();
        }
    }
}
