using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;

/// <summary>What staff see of a user's risk: the security module's score (0-100) and the fraud module's seed 001 risk_profile.</summary>
internal sealed class UserRisk
{
    private readonly Security.Contracts.IRiskScores _scores;
    private readonly Fraud.Contracts.IRiskProfiles _profiles;

    public UserRisk(Security.Contracts.IRiskScores scores, Fraud.Contracts.IRiskProfiles profiles)
    {
        _scores = scores;
        _profiles = profiles;
    }

    public Task<int> ScoreAsync(AppDb db, Guid userId, CancellationToken cancellationToken) => _scores.ScoreAsync(db, userId, cancellationToken);

    public Task<string> ProfileAsync(AppDb db, Guid userId, CancellationToken cancellationToken) => _profiles.ProfileAsync(db, userId, cancellationToken);
}
