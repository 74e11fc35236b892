using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Security.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Security;

/// <summary>
/// The security module's part in an erasure: the person's own settings (second factor, allowed addresses, new device alerts) are deleted. Security
/// events and alerts about them are the security log and stay for their retention period (CERT-In Directions 2022).
/// </summary>
internal sealed class SecurityErasure : IErasureParticipant
{
    public async Task<IReadOnlyList<ErasureLine>> EraseAsync(AppDb db, ErasureSubject subject, CancellationToken cancellationToken) =>
        await db.GetTable<SecuritySettingsRecord>().Where(s => s.UserId == subject.UserId).DeleteAsync(cancellationToken) > 0
            ? [new("Your security settings (second factor, allowed addresses, device alerts)", ErasureActions.Erased, "Not needed once you leave.")]
            : [];
}
