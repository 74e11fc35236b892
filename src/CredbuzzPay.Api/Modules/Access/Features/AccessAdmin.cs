using System.Security.Claims;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;

namespace CredbuzzPay.Api.Modules.Access.Features;

/// <summary>The acting staff member, the user acted on (404 outside reach, 403 when not theirs to manage), and the audit row + admin.log line.</summary>
internal sealed class AccessAdmin
{
    private readonly IUserDirectory _users;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<AccessAdmin> _logger;

    public AccessAdmin(AppDb db, IUserDirectory users, IAuditTrail audit, TimeProvider clock, ILogger<AccessAdmin> logger)
    {
        Db = db;
        _users = users;
        _audit = audit;
        _clock = clock;
        _logger = logger;
    }

    public AppDb Db { get; }

    public DateTime Now => _clock.GetUtcNow().UtcDateTime;

    public async Task<UserSummary> ActorAsync(ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        await _users.CallerAsync(Db, principal, cancellationToken);

    public async Task<UserSummary> TargetAsync(UserSummary actor, string userCode, bool manage, CancellationToken cancellationToken)
    {
        var target = await _users.FindByCodeAsync(Db, userCode.Trim().ToUpperInvariant(), cancellationToken);
        if (target is null || !Hierarchy.Sees(actor, target))
        {
            throw ApiProblemException.NotFound("No such user in your reach.");
        }
        if (manage && !Hierarchy.CanManage(actor, target))
        {
            throw ApiProblemException.Forbidden("This user is at or above your level, or not yours to manage.");
        }
        return target;
    }

    public async Task RecordAsync(UserSummary actor, string action, string targetType, string targetId, object? before, object? after, CancellationToken cancellationToken)
    {
        await _audit.RecordAsync(Db, new AuditEvent(action, targetType, targetId, new { before, after }, actor.UserCode), cancellationToken);
        _logger.LogInformation("{Action} on {TargetType} {Target} by {Actor} ({Role})", action, targetType, targetId, actor.UserCode, actor.Role);
    }
}
