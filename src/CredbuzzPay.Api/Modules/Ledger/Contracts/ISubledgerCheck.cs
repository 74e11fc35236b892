using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Ledger.Contracts;

/// <summary>One ledger account a module's own records say should hold <see cref="BalancePaise"/>; <see cref="Label"/> names it in a report (no account number).</summary>
public sealed record ExpectedBalance(Guid AccountId, long BalancePaise, string Label);

/// <summary>
/// A money module's own records checked against the books by <c>verify-ledger</c> after the ledger's own rules: the module says what each of
/// its accounts should hold (a loan's account: minus the principal its open instalments still ask), the verifier compares it with the balance.
/// </summary>
public interface ISubledgerCheck
{
    string Name { get; }

    IAsyncEnumerable<ExpectedBalance> ExpectedAsync(AppDb db, CancellationToken cancellationToken);
}
