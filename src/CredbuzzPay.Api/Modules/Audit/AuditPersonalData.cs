using CredbuzzPay.Api.Modules.Audit.Data;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Audit;

/// <summary>The audit part of an access archive: the rows the person made (actor) and the rows about them (target), as recorded (their details are masked at write time).</summary>
internal sealed class AuditPersonalData : IPersonalDataSource
{
    private readonly IUserDirectory _users;

    public AuditPersonalData(IUserDirectory users) => _users = users;

    public async Task<PersonalDataPart> ExportAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var code = (await _users.FindAsync(db, userId, cancellationToken))?.UserCode;
        var rows = code is null ? [] : await db.GetTable<AuditRecord>().Where(a => a.Actor == code || a.TargetId == code).OrderBy(a => a.Sequence)
            .Select(a => new { a.OccurredAt, a.Actor, a.Action, a.TargetType, a.TargetId, a.IpAddress, a.Detail }).ToListAsync(cancellationToken);
        return new PersonalDataPart("audit", new { rows });
    }
}
