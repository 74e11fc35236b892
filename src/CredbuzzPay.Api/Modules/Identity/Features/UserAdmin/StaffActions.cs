using System.Security.Claims;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

using Security = CredbuzzPay.Api.Modules.Security;

namespace CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;

/// <summary>
/// What every user-administration action starts and ends with: the acting staff member, the target
/// user within their reach (404 outside their branches, 403 at or above their level or themselves),
/// and the audit row plus admin.log line with before and after values.
/// </summary>
internal sealed class StaffActions
{
    private readonly AppDb _db;
    private readonly IUserDirectory _users;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<StaffActions> _logger;

    public StaffActions(AppDb db, IUserDirectory users, IAuditTrail audit, TimeProvider clock, ILogger<StaffActions> logger, UserStanding standing)
    {
        Standing = standing;
        _db = db;
        _users = users;
        _audit = audit;
        _clock = clock;
        _logger = logger;
    }

    public AppDb Db => _db;

    public UserStanding Standing { get; }

    public DateTime Now => _clock.GetUtcNow().UtcDateTime;

    public async Task<UserSummary> ActorAsync(ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        await _users.CallerAsync(_db, principal, cancellationToken);

    /// <summary>The target, which the actor must be able to see (else 404) and, with <paramref name="manage"/>, to manage (else 403).</summary>
    public async Task<UserAccount> TargetAsync(UserSummary actor, string? userCode, bool manage, CancellationToken cancellationToken, bool deleted = false)
    {
        var code = (userCode ?? "").Trim().ToUpperInvariant();
        var target = await _db.GetTable<UserAccount>().FirstOrDefaultAsync(u => u.UserCode == code && (deleted ? u.DeletedAt != null : u.DeletedAt == null), cancellationToken);
        if (target is null || !Hierarchy.Sees(actor, Summary(target)))
        {
            throw ApiProblemException.NotFound("No such user in your reach.");
        }
        if (manage && !Hierarchy.CanManage(actor, Summary(target)))
        {
            throw ApiProblemException.Forbidden(target.Id == actor.Id ? "Nobody acts on their own account here." : "This user is at or above your level, or not yours to manage.");
        }
        return target;
    }

    public Task RecordAsync(UserSummary actor, string action, UserAccount target, object? before, object? after, CancellationToken cancellationToken, object? extra = null) =>
        RecordAsync(actor, action, "user", target.UserCode, before, after, cancellationToken, extra);

    public async Task RecordAsync(UserSummary actor, string action, string targetType, string targetId, object? before, object? after, CancellationToken cancellationToken,
        object? extra = null)
    {
        await _audit.RecordAsync(_db, new AuditEvent(action, targetType, targetId, new { before, after, extra }, actor.UserCode), cancellationToken);
        _logger.LogInformation("{Action} on {Target} by {Actor} ({Role})", action, targetId, actor.UserCode, actor.Role);
    }

    public static UserSummary Summary(UserAccount u) =>
        new(u.Id, u.UserCode, u.FirstName, u.LastName, u.Email, u.Mobile, u.Role, u.Tier, u.BranchCode, u.Status, u.KycStatus, u.ParentUserId);
}
