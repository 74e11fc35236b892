using CredbuzzPay.Api.Modules.Ledger.Contracts;

namespace CredbuzzPay.Api.Migrations.Ledger;

/// <summary>The accounts of lending (docs/loans.md): loan interest income, penalty income, GST payable and loan losses.</summary>
[FluentMigrator.Migration(202612010400, "Ledger: loan interest income, penalty income, GST payable and loan losses accounts")]
public sealed class M202612010400_LoanSystemAccounts : SchemaMigration
{
    public M202612010400_LoanSystemAccounts(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        foreach (var code in new[] { SystemAccounts.LoanInterestIncome, SystemAccounts.LoanPenaltyIncome, SystemAccounts.GstPayable, SystemAccounts.LoanLosses })
        {
            var number = SystemAccounts.All.First(a => a.Code == code).Number;
            Execute.Sql(M202612010100_CreateLedger.InsertSystemAccount(Engine, code, number));
        }
    }
}
