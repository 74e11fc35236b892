using CredbuzzPay.Api.Platform.Cli;

namespace CredbuzzPay.Api.Modules.Audit.Features.VerifyChain;

internal sealed class VerifyAuditCommand : ICliCommand
{
    private readonly AuditChainVerifier _verifier;

    public VerifyAuditCommand(AuditChainVerifier verifier) => _verifier = verifier;

    public string Name => "verify-audit";

    public string Description => "Check the audit trail's hash chain (--anchor sequence:hash, a head printed earlier); exit 1 at the first broken row.";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        AuditAnchor? anchor = null;
        if (options["anchor"] is { } given && !AuditAnchor.TryParse(given, out anchor))
        {
            await Console.Error.WriteLineAsync("--anchor must be sequence:hash as verify-audit printed it (a number, a colon, 64 lower-case hex digits).");
            return 1;
        }
        var report = await _verifier.VerifyAsync(anchor, cancellationToken);
        if (report.Intact)
        {
            Console.WriteLine($"Audit chain intact: {report.RowsChecked} row(s) verified{(anchor is null ? "" : $", anchor {anchor.Sequence} in place")}.");
            if (report.Head is not null)
            {
                Console.WriteLine($"Head: {report.Head} (keep it outside this database; --anchor {report.Head} later shows that no row up to it was cut off or changed).");
            }
            return 0;
        }
        Console.Error.WriteLine($"Audit chain BROKEN at sequence {report.FirstBrokenSequence}: {report.Problem} ({report.RowsChecked} row(s) verified before it).");
        return 1;
    }
}
