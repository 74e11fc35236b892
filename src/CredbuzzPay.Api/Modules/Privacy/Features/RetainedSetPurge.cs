using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

/// <summary>
/// The retention job for erased people (run by the cleanup job): once an erasure's retention period has ended (<c>retain_until</c>, the end of
/// the relationship plus <c>Privacy:RetentionYears</c>), every module's <see cref="IErasureParticipant.PurgeRetainedAsync"/> purges what it kept,
/// in one transaction with the audit row. Counts only are reported.
/// </summary>
internal sealed class RetainedSetPurge : ICleanupTask
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IEnumerable<IErasureParticipant> _participants;
    private readonly Microsoft.Extensions.Options.IOptions<PrivacyOptions> _options;

    public RetainedSetPurge(IServiceScopeFactory scopes, IEnumerable<IErasureParticipant> participants, Microsoft.Extensions.Options.IOptions<PrivacyOptions> options)
    {
        _scopes = scopes;
        _participants = participants;
        _options = options;
    }

    public string Name => "privacy retained records";

    public IEnumerable<RetentionRule> Retains
    {
        get
        {
            var kept = FormattableString.Invariant($"{_options.Value.RetentionYears} years after the relationship ends");
            return
            [
                new("kyc_records", "KYC records and documents of erased people", kept, "Privacy:RetentionYears", "RBI KYC Master Direction s. 46; PMLA Rules r. 10",
                    "retention job (privacy retained records)"),
                new("transactions", "journal entries and loans of erased people (then free text and payees purged; amounts and postings kept)", kept,
                    "Privacy:RetentionYears", "PMLA s. 12", "retention job (privacy retained records)"),
            ];
        }
    }

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        // A scope of its own: the cleanup job runs its tasks outside any request, and the audit trail is scoped.
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        var due = await db.GetTable<PrivacyRequestRow>()
            .Where(r => r.Type == PrivacyRequestRow.Erasure && r.Status == PrivacyRequestRow.Completed && r.PurgedAt == null && r.RetainUntil != null && Instants.AtOrBefore(r.RetainUntil, now))
            .OrderBy(r => r.RetainUntil).Take(100).Select(r => new { r.Id, r.RequestId, r.UserId, r.UserCode }).ToListAsync(cancellationToken);
        var purged = 0;
        foreach (var request in due)
        {
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            if (await db.GetTable<PrivacyRequestRow>().Where(r => r.Id == request.Id && r.PurgedAt == null).Set(r => r.PurgedAt, now).UpdateAsync(cancellationToken) != 1)
            {
                continue;
            }
            var rows = 0;
            foreach (var participant in _participants)
            {
                rows += await participant.PurgeRetainedAsync(db, request.UserId, cancellationToken);
            }
            await audit.RecordAsync(db, new AuditEvent("privacy.retained_purged", "privacy_request", request.RequestId, new { rows }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await db.TruncateWriteAheadLogAsync(cancellationToken);
            purged += rows;
        }
        return purged;
    }
}
