namespace CredbuzzPay.Api.Migrations.BillPay;

/// <summary>Saved billers (parameters encrypted) and complaints on payments (docs/bill-payments.md).</summary>
[FluentMigrator.Migration(202612010340, "Bill payments: saved billers and complaints")]
public sealed class M202612010340_SavedBillersAndComplaints : SchemaMigration
{
    public M202612010340_SavedBillersAndComplaints(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("bill_saved").Exists())
        {
            Create.Table("bill_saved")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_bill_saved")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("biller_id").AsString(32).NotNullable()
                .WithColumn("nickname").AsString(64).NotNullable()
                .WithColumn("params_encrypted").AsBinary(int.MaxValue).NotNullable()
                .WithColumn("params_masked").AsString(1000).NotNullable()
                .WithColumn("params_hash").AsString(64).NotNullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
            Create.Index("ux_bill_saved_user_params").OnTable("bill_saved").OnColumn("user_id").Ascending().OnColumn("params_hash").Ascending().WithOptions().Unique();
        }
        if (!Schema.Table("bill_complaints").Exists())
        {
            Create.Table("bill_complaints")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_bill_complaints")
                .WithColumn("complaint_id").AsString(15).NotNullable().Unique("ux_bill_complaints_public")
                .WithColumn("payment_row_id").AsCustom(Uuid).NotNullable().Unique("ux_bill_complaints_payment")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("branch_code").AsString(32).Nullable()
                .WithColumn("reason").AsString(500).NotNullable()
                .WithColumn("status").AsString(10).NotNullable()
                .WithColumn("outcome").AsString(10).Nullable()
                .WithColumn("note").AsString(500).Nullable()
                .WithColumn("resolved_by").AsString(16).Nullable()
                .WithColumn("refund_entry_id").AsCustom(Uuid).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("resolved_at").AsCustom(Instant).Nullable();
            Create.Index("ix_bill_complaints_branch").OnTable("bill_complaints").OnColumn("branch_code").Ascending().OnColumn("status").Ascending();
        }
    }
}
