using CredbuzzPay.Api.Platform.Cli;

namespace CredbuzzPay.Api.Modules.Audit.Features.VerifyChain;

internal sealed class VerifyAuditCommand : ICliCommand
{
    private readonly AuditChainVerifier _verifier;

    public VerifyAuditCommand(AuditChainVerifier verifier) => _verifier = verifier;

    public string Name => "verify-audit";

    public string Description => "Check the audit trail's hash chain; exit 1 at the first broken row.";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        var report = await _verifier.VerifyAsync(cancellationToken);
        if (report.Intact)
        {
            Console.WriteLine($"Audit chain intact: {report.RowsChecked} row(s) verified.");
            return 0;
        }
        Console.Error.WriteLine($"Audit chain BROKEN at sequence {report.FirstBrokenSequence}: {report.Problem} ({report.RowsChecked} row(s) verified before it).");
        return 1;
    }
}
