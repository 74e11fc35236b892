using CredbuzzPay.Api.Modules.Access.Contracts;
using CredbuzzPay.Api.Modules.Access.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Access;

internal sealed class AccessDirectory : IBranchDirectory, IFeatureAccess
{
    public Task<string?> ActiveBranchAsync(AppDb db, string branchCode, CancellationToken cancellationToken = default)
    {
        var code = branchCode.Trim().ToUpperInvariant();
        return db.GetTable<Branch>().Where(b => b.BranchCode == code && b.Active && b.DeletedAt == null).Select(b => (string?)b.BranchCode).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<bool> AllowsAsync(AppDb db, Guid userId, string featureCode, CancellationToken cancellationToken = default) =>
        await (from f in db.GetTable<Feature>()
               where f.FeatureCode == featureCode && f.Active && f.DeletedAt == null
               let grant = db.GetTable<UserFeatureAccess>().Where(a => a.UserId == userId && a.FeatureCode == f.FeatureCode).Select(a => (bool?)a.Granted).FirstOrDefault()
               where grant ?? f.GrantedByDefault
               select f.FeatureCode).AnyAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> FeaturesOfAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default)
    {
        var features = await db.GetTable<Feature>().Where(f => f.Active && f.DeletedAt == null).ToListAsync(cancellationToken);
        var grants = await db.GetTable<UserFeatureAccess>().Where(a => a.UserId == userId).ToDictionaryAsync(a => a.FeatureCode, a => a.Granted, cancellationToken);
        return features.Where(f => grants.TryGetValue(f.FeatureCode, out var g) ? g : f.GrantedByDefault).Select(f => f.FeatureCode).OrderBy(c => c, StringComparer.Ordinal).ToList();
    }
}
