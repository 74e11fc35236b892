using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;

/// <summary>
/// What other modules keep about a user that staff see or that follows the user: the security module's risk score
/// (0-100), the fraud module's seed 001 risk_profile, and the wallet (opened when the user joins a business tier).
/// </summary>
internal sealed class UserStanding
{
    private readonly Security.Contracts.IRiskScores _scores;
    private readonly Fraud.Contracts.IRiskProfiles _profiles;
    private readonly Wallets.Contracts.IWallets _wallets;

    public UserStanding(Security.Contracts.IRiskScores scores, Fraud.Contracts.IRiskProfiles profiles, Wallets.Contracts.IWallets wallets)
    {
        _scores = scores;
        _profiles = profiles;
        _wallets = wallets;
    }

    public Task<int> ScoreAsync(AppDb db, Guid userId, CancellationToken cancellationToken) => _scores.ScoreAsync(db, userId, cancellationToken);

    public Task<string> ProfileAsync(AppDb db, Guid userId, CancellationToken cancellationToken) => _profiles.ProfileAsync(db, userId, cancellationToken);

    public Task<IReadOnlyDictionary<Guid, Wallets.Contracts.WalletBalance>> WalletsAsync(AppDb db, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken) =>
        _wallets.BalancesAsync(db, userIds, cancellationToken);

    /// <summary>Inside the caller's transaction, after the user was created or changed (a distributor or retailer gets its wallet).</summary>
    public Task ChangedAsync(AppDb db, UserSummary user, CancellationToken cancellationToken) => _wallets.UserChangedAsync(db, user, cancellationToken);
}
