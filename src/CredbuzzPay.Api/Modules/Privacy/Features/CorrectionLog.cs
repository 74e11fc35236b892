using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

/// <summary>Writes a correction into the request log: a request of type <c>correction</c>, done when made (the module made the change in the same transaction).</summary>
internal sealed class CorrectionLog : ICorrectionLog
{
    private readonly TimeProvider _clock;

    public CorrectionLog(TimeProvider clock) => _clock = clock;

    public async Task RecordAsync(AppDb db, Guid userId, string userCode, string? branchCode, string what, CancellationToken cancellationToken)
    {
        var now = Instants.StoredNow(_clock);
        await db.InsertAsync(new PrivacyRequestRow
        {
            Id = Guid.CreateVersion7(now), RequestId = RequestEndpoints.NewRequestId(), UserId = userId, UserCode = userCode, BranchCode = branchCode,
            Type = PrivacyRequestRow.Correction, Status = PrivacyRequestRow.Completed, DueAt = now, CreatedAt = now, CompletedAt = now,
            Outcome = what.Length > 500 ? what[..500] : what,
        }, token: cancellationToken);
    }
}
