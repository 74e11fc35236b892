using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

/// <summary>The privacy module's personal data by kind and age: consent records, grievances and requests.</summary>
internal sealed class PrivacyInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken) =>
    [
        await DataKindCount.OfAsync("consents", db.GetTable<ConsentRow>(), c => c.RecordedAt, now, cancellationToken),
        await DataKindCount.OfAsync("grievances", db.GetTable<GrievanceRow>(), g => g.CreatedAt, now, cancellationToken),
        await DataKindCount.OfAsync("privacy_requests", db.GetTable<PrivacyRequestRow>(), r => r.CreatedAt, now, cancellationToken),
    ];
}
