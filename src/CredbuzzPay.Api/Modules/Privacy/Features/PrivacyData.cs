using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

/// <summary>The privacy module's own part of an access archive: consents, grievances and earlier requests.</summary>
internal sealed class PrivacyData : IPersonalDataSource
{
    public async Task<PersonalDataPart> ExportAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var consents = await db.GetTable<ConsentRow>().Where(c => c.UserId == userId).OrderBy(c => c.RecordedAt)
            .Select(c => new { c.Purpose, c.Granted, c.NoticeVersion, c.Source, c.IpAddress, c.UserAgent, c.RecordedAt }).ToListAsync(cancellationToken);
        var grievances = await db.GetTable<GrievanceRow>().Where(g => g.UserId == userId).OrderBy(g => g.CreatedAt)
            .Select(g => new { g.Reference, g.Subject, g.Details, g.Status, g.DueAt, g.Response, g.RespondedAt, g.CreatedAt }).ToListAsync(cancellationToken);
        var requests = await db.GetTable<PrivacyRequestRow>().Where(r => r.UserId == userId).OrderBy(r => r.CreatedAt)
            .Select(r => new { r.RequestId, r.Type, r.Status, r.DueAt, r.CreatedAt, r.CompletedAt }).ToListAsync(cancellationToken);
        return new PersonalDataPart("privacy", new { consents, grievances, requests });
    }
}
