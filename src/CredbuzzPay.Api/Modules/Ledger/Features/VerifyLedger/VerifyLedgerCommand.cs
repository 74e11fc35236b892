using CredbuzzPay.Api.Platform.Cli;

namespace CredbuzzPay.Api.Modules.Ledger.Features.VerifyLedger;

internal sealed class VerifyLedgerCommand : ICliCommand
{
    private readonly LedgerVerifier _verifier;

    public VerifyLedgerCommand(LedgerVerifier verifier) => _verifier = verifier;

    public string Name => "verify-ledger";

    public string Description => "Check the books: entries sum to zero, balances equal their postings, holds, floors, all balances sum to zero; exit 1 at the first break.";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        var report = await _verifier.VerifyAsync(cancellationToken);
        if (report.Problem is null)
        {
            Console.WriteLine($"Ledger balanced: {report.Accounts} account(s), {report.Entries} entr(ies), {report.Postings} posting(s); every rule holds.");
            return 0;
        }
        await Console.Error.WriteLineAsync($"Ledger BROKEN: {report.Problem} ({report.Accounts} account(s), {report.Entries} entr(ies) checked).");
        return 1;
    }
}
